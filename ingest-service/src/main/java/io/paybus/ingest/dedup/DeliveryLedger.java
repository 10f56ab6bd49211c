package io.paybus.ingest.dedup;

import io.paybus.events.PaymentEnvelope;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Remembers, in PostgreSQL, which provider events were published, so a redelivery is answered
 * 200 without publishing again.
 *
 * <p>One transaction per delivery: take a transaction-scoped advisory lock on
 * (provider, provider event id), look the delivery up, publish if it is new and wait for Kafka's
 * acknowledgement, then insert the row and commit. Hence:
 * <ul>
 *   <li>the row is committed only after Kafka acknowledged: a 503 leaves no trace, and the
 *       provider's retry is published, not dropped as a duplicate;</li>
 *   <li>concurrent copies of one delivery queue on the lock: the first publishes, the others see
 *       its row and publish nothing.</li>
 * </ul>
 * If the commit itself fails after Kafka acknowledged, the provider retries and the event is
 * published twice; order-service drops the second copy (it applies each provider event once).
 */
public class DeliveryLedger {

    /** What became of a delivery. */
    public enum Outcome { PUBLISHED, DUPLICATE }

    private static final Logger log = LoggerFactory.getLogger(DeliveryLedger.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public DeliveryLedger(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Runs {@code publish} unless this provider event was published before. */
    public Outcome publishOnce(PaymentEnvelope envelope, Runnable publish) {
        String provider = envelope.provider().name();
        String providerEventId = envelope.providerEventId();
        return transactions.execute(status -> {
            jdbc.queryForObject("select pg_advisory_xact_lock(hashtextextended(?, 0))", Object.class,
                    provider + ":" + providerEventId);
            Integer seen = jdbc.queryForObject(
                    "select count(*) from webhook_delivery where provider = ? and provider_event_id = ?",
                    Integer.class, provider, providerEventId);
            if (seen != null && seen > 0) {
                return Outcome.DUPLICATE;
            }
            publish.run();
            jdbc.update("insert into webhook_delivery (provider, provider_event_id, event_id, order_id, received_at)"
                            + " values (?, ?, ?, ?, ?)", provider, providerEventId, envelope.eventId(),
                    envelope.orderId(), Timestamp.from(envelope.receivedAt()));
            return Outcome.PUBLISHED;
        });
    }

    /** Forgets deliveries older than {@code retention}; returns how many. */
    public int forgetOlderThan(Duration retention) {
        int removed = jdbc.update("delete from webhook_delivery where received_at < ?",
                Timestamp.from(clock.instant().minus(retention)));
        if (removed > 0) {
            log.info("forgot {} deliveries older than {}", removed, retention);
        }
        return removed;
    }
}
