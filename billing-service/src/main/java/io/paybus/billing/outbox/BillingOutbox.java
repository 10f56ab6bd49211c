package io.paybus.billing.outbox;

import io.paybus.events.BillingEvent;
import io.paybus.events.EventCodec;
import io.paybus.events.Topics;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code billing.events} through an outbox: an event is written in the same transaction as the
 * change it reports, then published in id order, keyed by subscription. After a crash between
 * Kafka's ack and the mark, an event goes out again with the same event id, which consumers drop.
 * Instances share the work with {@code skip locked}.
 */
@Component
public class BillingOutbox {

    private final JdbcTemplate jdbc;
    private final KafkaTemplate<Object, Object> kafka;
    private final EventCodec codec;
    private final TransactionTemplate transaction;
    private final Clock clock;

    BillingOutbox(JdbcTemplate jdbc, KafkaTemplate<Object, Object> kafka, EventCodec codec,
            PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.kafka = kafka;
        this.codec = codec;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** Within the caller's transaction. */
    public void add(BillingEvent event) {
        jdbc.update("insert into billing_outbox (subscription_id, payload, created_at) values (?, ?, ?)",
                event.subscriptionId(), codec.encode(event), Timestamp.from(clock.instant()));
    }

    /** Publishes what is waiting; returns how many. */
    public int flush() {
        Integer sent = transaction.execute(tx -> {
            record Row(long id, String key, byte[] payload) {
            }
            List<Row> rows = jdbc.query("select id, subscription_id, payload from billing_outbox where not published"
                    + " order by id limit 500 for update skip locked",
                    (rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getBytes(3)));
            List<CompletableFuture<?>> sends = new ArrayList<>();
            for (Row row : rows) {
                sends.add(kafka.send(Topics.BILLING_EVENTS, row.key(), row.payload()));
            }
            for (CompletableFuture<?> send : sends) {
                try {
                    send.get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException("billing.events not acknowledged: " + e.getMessage(), e);
                }
            }
            for (Row row : rows) {
                jdbc.update("update billing_outbox set published = true where id = ?", row.id());
            }
            return rows.size();
        });
        return sent == null ? 0 : sent;
    }
}
