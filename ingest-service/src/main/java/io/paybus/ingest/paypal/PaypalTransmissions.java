package io.paybus.ingest.paypal;

import io.paybus.ingest.webhook.Rejection;
import io.paybus.ingest.webhook.WebhookRejectedException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Binds a PayPal transmission id to the body it first came with. PayPal signs
 * {@code transmission_id|time|webhook_id|crc32(body)}: a CRC32 is no cryptographic hash, so bodies
 * with the same CRC are easy to make, and a captured, validly signed transmission could carry one
 * of them within the time tolerance. A transmission id seen again with a different body is
 * refused; with the same body it is a redelivery (dropped later by the delivery ledger).
 */
public final class PaypalTransmissions {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public PaypalTransmissions(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Remembers the transmission, or refuses it when its id came before with another body. */
    public void requireSameBodyAsBefore(String transmissionId, byte[] body) {
        String hash = sha256(body);
        int inserted = jdbc.update("insert into paypal_transmission (transmission_id, body_sha256, first_seen)"
                + " values (?, ?, ?) on conflict do nothing", transmissionId, hash, Timestamp.from(clock.instant()));
        if (inserted == 1) {
            return;
        }
        List<String> before = jdbc.queryForList("select body_sha256 from paypal_transmission"
                + " where transmission_id = ?", String.class, transmissionId);
        if (!before.isEmpty() && !before.get(0).equals(hash)) {
            throw new WebhookRejectedException(Rejection.TRANSMISSION_REPLAYED, "transmission " + transmissionId
                    + " was received before with a different body");
        }
    }

    /** Forgets transmissions older than {@code retention} (longer than the signature tolerance). */
    public int forgetOlderThan(Duration retention) {
        return jdbc.update("delete from paypal_transmission where first_seen < ?",
                Timestamp.from(clock.instant().minus(retention)));
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
