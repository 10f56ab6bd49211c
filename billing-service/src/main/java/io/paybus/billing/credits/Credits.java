package io.paybus.billing.credits;

import io.paybus.platform.web.ProblemException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Each customer's credits: a ledger of grants and consumptions, idempotent by request key, and a
 * balance that a check constraint and a conditional update keep from ever going below zero, however
 * many consumers race.
 */
@Service
public class Credits {

    /** The outcome of a grant or consumption. {@code replayed}: the key was used before, nothing changed. */
    public record Entry(String customerId, String key, long amount, long balance, boolean replayed) {
    }

    /** The most one grant or consumption may move: far beyond any plan, far below overflow. */
    public static final long MAX_AMOUNT = 1_000_000_000_000L;
    /** The most a balance may hold; a grant beyond it is refused, so the sum can never overflow. */
    public static final long MAX_BALANCE = 10 * MAX_AMOUNT;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;

    Credits(JdbcTemplate jdbc, PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** Consumes {@code amount}; refused with 409 when the balance is short. */
    public Entry consume(String customerId, String key, long amount) {
        try {
            return transaction.execute(tx -> {
                Entry before = previous(customerId, key, -amount);
                if (before != null) {
                    return before;
                }
                List<Long> after = jdbc.queryForList("update credit_balance set balance = balance - ?"
                        + " where customer_id = ? and balance >= ? returning balance", Long.class, amount, customerId,
                        amount);
                if (after.isEmpty()) {
                    throw ProblemException.of(HttpStatus.CONFLICT, "insufficient_credits", "customer " + customerId
                            + " has " + balance(customerId) + " credits, " + amount + " asked");
                }
                record(customerId, key, -amount, "consumed", after.get(0));
                return new Entry(customerId, key, amount, after.get(0), false);
            });
        } catch (DuplicateKeyException raced) {
            // The same key consumed concurrently: that one won; this is its replay.
            return transaction.execute(tx -> previous(customerId, key, -amount));
        }
    }

    /** Grants {@code amount} once per key (a plan's credits per period use the period as key). */
    public Entry grant(String customerId, String key, long amount, String reason) {
        return transaction.execute(tx -> {
            jdbc.update("insert into credit_balance (customer_id, balance) values (?, 0) on conflict do nothing",
                    customerId);
            jdbc.queryForObject("select balance from credit_balance where customer_id = ? for update", Long.class,
                    customerId);
            Entry before = previous(customerId, key, amount);
            if (before != null) {
                return before;
            }
            List<Long> after = jdbc.queryForList("update credit_balance set balance = balance + ? where customer_id = ?"
                    + " and balance <= ? returning balance", Long.class, amount, customerId, MAX_BALANCE - amount);
            if (after.isEmpty()) {
                throw ProblemException.of(HttpStatus.UNPROCESSABLE_CONTENT, "balance_overflow", "customer " + customerId
                        + " has " + balance(customerId) + " credits; " + amount + " more would exceed " + MAX_BALANCE);
            }
            record(customerId, key, amount, reason, after.get(0));
            return new Entry(customerId, key, amount, after.get(0), false);
        });
    }

    public long balance(String customerId) {
        return jdbc.queryForList("select balance from credit_balance where customer_id = ?", Long.class, customerId)
                .stream().findFirst().orElse(0L);
    }

    /** The latest ledger entries, newest first. */
    public List<Map<String, Object>> ledger(String customerId, int limit) {
        return jdbc.queryForList("select request_key as key, amount, reason, balance_after as \"balanceAfter\","
                + " created_at as \"createdAt\" from credit_ledger where customer_id = ? order by created_at desc,"
                + " request_key limit ?", customerId, limit);
    }

    /** The entry a key made before, if any; a different amount under the same key is refused. */
    private Entry previous(String customerId, String key, long signedAmount) {
        List<long[]> rows = jdbc.query("select amount, balance_after from credit_ledger where customer_id = ?"
                + " and request_key = ?", (rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}, customerId, key);
        if (rows.isEmpty()) {
            return null;
        }
        if (rows.get(0)[0] != signedAmount) {
            throw ProblemException.of(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency_key_reused",
                    "key " + key + " was used for another amount");
        }
        return new Entry(customerId, key, Math.abs(signedAmount), rows.get(0)[1], true);
    }

    private void record(String customerId, String key, long amount, String reason, long balanceAfter) {
        jdbc.update("insert into credit_ledger (customer_id, request_key, amount, reason, balance_after, created_at)"
                + " values (?, ?, ?, ?, ?, ?)", customerId, key, amount, reason, balanceAfter,
                Timestamp.from(clock.instant()));
    }
}
