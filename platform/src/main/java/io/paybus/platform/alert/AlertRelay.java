package io.paybus.platform.alert;

import io.paybus.events.EventCodec;
import io.paybus.events.OperatorAlert;
import io.paybus.events.Topics;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes the raised alerts ({@code paybus_alert} rows not yet published) to
 * {@code operations.alerts} (every {@code paybus.alerts.relay-interval}), in id order, each marked
 * published in the transaction that locked it once Kafka acknowledged it. Several instances take
 * turns ({@code for update skip locked}); a crash between the ack and the commit publishes a row
 * again, with the same alert id, which consumers drop.
 */
final class AlertRelay {

    private static final Logger log = LoggerFactory.getLogger(AlertRelay.class);
    private static final int BATCH = 100;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Producer<String, byte[]> producer;
    private final String service;
    private final Clock clock;
    private final EventCodec codec = new EventCodec();

    AlertRelay(JdbcTemplate jdbc, TransactionTemplate transactions, Producer<String, byte[]> producer, String service,
            Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.producer = producer;
        this.service = service;
        this.clock = clock;
    }

    /** Publishes what is waiting; the number published. */
    int publishPending() {
        Integer published = transactions.execute(status -> {
            List<OperatorAlert> pending = jdbc.query("select alert_id, kind, state, subject, summary, detail, raised_at"
                    + " from paybus_alert where published_at is null order by id limit " + BATCH
                    + " for update skip locked", (rs, i) -> new OperatorAlert(rs.getObject("alert_id", UUID.class),
                    rs.getString("kind"), rs.getString("state"), OperatorAlert.SCHEMA_VERSION, service,
                    rs.getString("subject"), rs.getString("summary"), rs.getString("detail"),
                    rs.getTimestamp("raised_at").toInstant()));
            for (OperatorAlert alert : pending) {
                try {
                    producer.send(new ProducerRecord<>(Topics.OPERATIONS_ALERTS, alert.kind(), codec.encode(alert)))
                            .get(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    throw new IllegalStateException("operations.alerts did not take alert " + alert.alertId(), e);
                }
                jdbc.update("update paybus_alert set published_at = ? where alert_id = ?",
                        Timestamp.from(clock.instant()), alert.alertId());
                log.warn("operator alert {} {} ({}): {}", alert.kind(), alert.state(), alert.subject(), alert.summary());
            }
            return pending.size();
        });
        return published == null ? 0 : published;
    }

    /** Publishes everything waiting, a batch at a time. */
    void publishAll() {
        while (publishPending() == BATCH) {
            // more waiting
        }
    }

    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
