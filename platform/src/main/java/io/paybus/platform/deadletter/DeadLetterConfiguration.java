package io.paybus.platform.deadletter;

import io.micrometer.core.instrument.MeterRegistry;
import io.paybus.platform.PlatformConfiguration;
import io.paybus.platform.audit.AuditLog;
import io.paybus.platform.audit.PlatformSchema;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Dead letters for a service that declares its {@link DeadLetterConsumer}s: the store, the
 * operators' verbs and {@code /dead-letters}, the replay leases, and depth and age per consumer.
 * The service builds its {@link DeadLetterRecoverer} (and its error handler) from the store.
 */
@AutoConfiguration(after = PlatformConfiguration.class)
@ConditionalOnBean(DeadLetterConsumer.class)
@EnableConfigurationProperties(DeadLetterProperties.class)
public class DeadLetterConfiguration {

    @Bean
    DeadLetterStore deadLetterStore(JdbcTemplate jdbc, ObjectProvider<Clock> clock, DeadLetterProperties properties,
            PlatformSchema schema) {
        return new DeadLetterStore(jdbc, clock.getIfAvailable(Clock::systemUTC), properties.replayLease());
    }

    @Bean
    DeadLetterOperations deadLetterOperations(DeadLetterStore store, KafkaTemplate<Object, Object> kafka) {
        return new DeadLetterOperations(store, kafka);
    }

    @Bean
    DeadLetterController deadLetterController(DeadLetterStore store, DeadLetterOperations operations, AuditLog audit) {
        return new DeadLetterController(store, operations, audit);
    }

    @Bean
    ReplayLeases replayLeases(DeadLetterStore store, DeadLetterProperties properties) {
        return new ReplayLeases(store, properties.replayLeaseCheck());
    }

    /** {@code paybus_dead_letters_parked} and {@code _oldest_age_seconds}, one pair per consumer. */
    @Bean
    List<DeadLetterGauges> deadLetterGauges(List<DeadLetterConsumer> consumers, JdbcTemplate jdbc,
            ObjectProvider<Clock> clock, ObjectProvider<MeterRegistry> meters) {
        MeterRegistry registry = meters.getIfAvailable();
        if (registry == null) {
            return List.of();
        }
        return consumers.stream().map(c -> new DeadLetterGauges(jdbc, clock.getIfAvailable(Clock::systemUTC),
                registry, c.scope())).toList();
    }
}
