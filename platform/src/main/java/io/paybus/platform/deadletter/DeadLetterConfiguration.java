package io.paybus.platform.deadletter;

import io.micrometer.core.instrument.MeterRegistry;
import io.paybus.platform.PlatformConfiguration;
import io.paybus.platform.alert.AlertConfiguration;
import io.paybus.platform.alert.AlertProperties;
import io.paybus.platform.alert.OperatorAlerts;
import io.paybus.platform.audit.AuditLog;
import io.paybus.platform.audit.PlatformSchema;
import io.paybus.platform.cluster.Periodic;
import java.time.Clock;
import java.time.Duration;
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
@AutoConfiguration(after = {PlatformConfiguration.class, AlertConfiguration.class})
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
    Periodic replayLeases(DeadLetterStore store, DeadLetterProperties properties) {
        return new Periodic("paybus-replay-leases", "could not look for expired replay leases", Duration.ofSeconds(1),
                properties.replayLeaseCheck(), new ReplayLeases(store)::releaseExpired);
    }

    /** {@code dead_letters.open} and {@code dead_letters.aged} alerts, per consumer. */
    @Bean
    Periodic deadLetterAlarms(JdbcTemplate jdbc, OperatorAlerts alerts, List<DeadLetterConsumer> consumers,
            AlertProperties properties, ObjectProvider<Clock> clock) {
        DeadLetterAlarms alarms = new DeadLetterAlarms(jdbc, alerts, consumers.stream().map(DeadLetterConsumer::scope)
                .toList(), properties.deadLetterAge(), clock.getIfAvailable(Clock::systemUTC));
        return new Periodic("paybus-dead-letter-alarms", "could not look at the dead letters for alerts",
                properties.deadLetterCheck(), properties.deadLetterCheck(), alarms::check);
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
