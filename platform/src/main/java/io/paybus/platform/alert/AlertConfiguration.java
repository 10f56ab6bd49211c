package io.paybus.platform.alert;

import io.micrometer.core.instrument.MeterRegistry;
import io.paybus.events.Topics;
import io.paybus.platform.PlatformConfiguration;
import io.paybus.platform.audit.PlatformSchema;
import io.paybus.platform.cluster.Periodic;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Alerts for operators in every service: {@link OperatorAlerts} to raise them, and the relay that
 * publishes them to {@code operations.alerts} with its own idempotent producer ({@code acks=all}),
 * built from the service's {@code spring.kafka} settings.
 */
@AutoConfiguration(after = PlatformConfiguration.class,
        afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@EnableConfigurationProperties(AlertProperties.class)
public class AlertConfiguration {

    @Bean
    OperatorAlerts operatorAlerts(JdbcTemplate jdbc, ObjectProvider<Clock> clock, PlatformSchema schema,
            @Value("${spring.application.name:paybus}") String service, ObjectProvider<MeterRegistry> meters) {
        return new OperatorAlerts(jdbc, clock.getIfAvailable(Clock::systemUTC), service, meters.getIfAvailable());
    }

    @Bean(destroyMethod = "close")
    AlertRelay alertRelay(JdbcTemplate jdbc, PlatformTransactionManager transactions, KafkaProperties kafka,
            AlertProperties properties, OperatorAlerts alerts, ObjectProvider<Clock> clock) {
        Map<String, Object> config = kafka.buildProducerProperties();
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, alerts.service() + "-alerts");
        return new AlertRelay(jdbc, new TransactionTemplate(transactions), new KafkaProducer<>(config),
                alerts.service(), clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    Periodic alertRelaying(AlertRelay relay, AlertProperties properties) {
        return new Periodic("paybus-alert-relay", "operator alerts not published yet", properties.relayInterval(),
                properties.relayInterval(), relay::publishAll);
    }
}
