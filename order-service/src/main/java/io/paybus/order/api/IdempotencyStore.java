package io.paybus.order.api;

import io.paybus.platform.web.ProblemException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Our API's {@code Idempotency-Key}s, in PostgreSQL so that every instance sees them.
 *
 * <p>The first request with a key claims it and allocates the id of what it creates (order,
 * refund request); a retry of an unfinished request gets the same id back, so it repeats the same
 * provider call with the same provider idempotency key instead of creating something new. A
 * finished request's answer is stored and given again.
 */
@Repository
class IdempotencyStore {

    /** What a request with a key may do. */
    sealed interface Claim {
    }

    /** Go on: create {@code resourceId} (again, if {@code retry}). */
    record Proceed(String resourceId, boolean retry) implements Claim {
    }

    /** Answered before: give this answer again. */
    record Replay(int status, String body) implements Claim {
    }

    private record Row(String hash, String resourceId, boolean completed, Integer status, String body,
                       boolean locked) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    IdempotencyStore(JdbcTemplate jdbc, PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** A fingerprint of the request that must match for a key to be reused. */
    static String fingerprint(Object request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.valueOf(request).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Claim claim(String key, String scope, String hash, Duration lease, Supplier<String> newResourceId) {
        if (key.isBlank() || key.length() > 255) {
            throw ProblemException.of(HttpStatus.BAD_REQUEST, "invalid_idempotency_key",
                    "Idempotency-Key must be 1 to 255 characters");
        }
        return transactions.execute(tx -> {
            Timestamp until = Timestamp.from(clock.instant().plus(lease));
            String resourceId = newResourceId.get();
            int inserted = jdbc.update("""
                    insert into api_idempotency (idempotency_key, scope, request_hash, resource_id, locked_until)
                    values (?, ?, ?, ?, ?) on conflict do nothing
                    """, key, scope, hash, resourceId, until);
            if (inserted == 1) {
                return new Proceed(resourceId, false);
            }
            List<Row> rows = jdbc.query("""
                    select request_hash, resource_id, completed, response_status, response_body,
                           coalesce(locked_until > ?, false) as locked
                      from api_idempotency where idempotency_key = ? and scope = ? for update
                    """, (rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getBoolean(3),
                    rs.getObject(4, Integer.class), rs.getString(5), rs.getBoolean(6)),
                    Timestamp.from(clock.instant()), key, scope);
            Row row = rows.get(0);
            if (!row.hash().equals(hash)) {
                throw ProblemException.of(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency_key_reused",
                        "this Idempotency-Key was used with a different request body");
            }
            if (row.completed()) {
                return new Replay(row.status(), row.body());
            }
            if (row.locked()) {
                throw ProblemException.of(HttpStatus.CONFLICT, "idempotency_key_in_use",
                        "a request with this Idempotency-Key is still in progress; retry later");
            }
            jdbc.update("update api_idempotency set locked_until = ? where idempotency_key = ? and scope = ?",
                    until, key, scope);
            return new Proceed(row.resourceId(), true);
        });
    }

    /** Stores the final answer: later requests with the key get it again. */
    void complete(String key, String scope, int status, String body) {
        jdbc.update("""
                update api_idempotency set completed = true, response_status = ?, response_body = ?, locked_until = null
                 where idempotency_key = ? and scope = ?
                """, status, body, key, scope);
    }

    /** Lets a retry with the key go on at once (the outcome was not final). */
    void release(String key, String scope) {
        jdbc.update("update api_idempotency set locked_until = null where idempotency_key = ? and scope = ?",
                key, scope);
    }
}
