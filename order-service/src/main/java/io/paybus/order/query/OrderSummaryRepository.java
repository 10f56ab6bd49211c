package io.paybus.order.query;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Currency;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code order_summary} read model table. Written only by {@link OrderSummaryProjection}.
 *
 * <p>Each write runs in a nested transaction (a savepoint): on PostgreSQL a failed statement
 * aborts the whole transaction, and the projection's batch transaction must survive one failing
 * event so that Axon can put it in the dead-letter queue and move on.
 */
@Repository
public class OrderSummaryRepository {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate savepoint;

    OrderSummaryRepository(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /**
     * Records what an event changed. {@code null} amount, currency or payment reference leave the
     * stored value; the refunded total only ever grows.
     */
    void apply(String orderId, String status, String provider, String paymentRef, Long amount, Currency currency,
            long refunded, Instant at, io.paybus.events.Customer customer) {
        savepoint.executeWithoutResult(tx -> upsert(orderId, status, provider, paymentRef, amount, currency, refunded,
                at, customer));
    }

    private void upsert(String orderId, String status, String provider, String paymentRef, Long amount,
            Currency currency, long refunded, Instant at, io.paybus.events.Customer customer) {
        jdbc.update("""
                insert into order_summary
                    (order_id, status, provider, payment_ref, amount_minor, currency, refunded_minor, created_at, updated_at,
                     customer_id, customer_email)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (order_id) do update set
                    status = excluded.status,
                    provider = excluded.provider,
                    payment_ref = coalesce(excluded.payment_ref, order_summary.payment_ref),
                    amount_minor = coalesce(excluded.amount_minor, order_summary.amount_minor),
                    currency = coalesce(excluded.currency, order_summary.currency),
                    refunded_minor = greatest(excluded.refunded_minor, order_summary.refunded_minor),
                    updated_at = excluded.updated_at,
                    customer_id = coalesce(order_summary.customer_id, excluded.customer_id),
                    customer_email = coalesce(order_summary.customer_email, excluded.customer_email)
                """, orderId, status, provider, paymentRef, amount, currency == null ? null : currency.getCurrencyCode(),
                refunded, Timestamp.from(at), Timestamp.from(at), customer == null ? null : customer.id(),
                customer == null ? null : customer.email());
    }

    /** An operator's intervention on an order the read model has: its status, and for a mark-paid its payment. */
    void intervened(String orderId, String status, String paymentRef, Long amount, Currency currency, Instant at) {
        savepoint.executeWithoutResult(tx -> jdbc.update("update order_summary set status = ?, payment_ref ="
                + " coalesce(?, payment_ref), amount_minor = coalesce(?, amount_minor), currency = coalesce(?, currency),"
                + " updated_at = ? where order_id = ?", status, paymentRef, amount,
                currency == null ? null : currency.getCurrencyCode(), Timestamp.from(at), orderId));
    }

    /** The order as {@code GET /orders/{id}} shows it. */
    public Optional<OrderView> find(String orderId) {
        return jdbc.query("""
                select order_id, status, provider, payment_ref, amount_minor, currency, refunded_minor,
                       created_at, updated_at, customer_id, customer_email
                  from order_summary where order_id = ?
                """, (rs, n) -> view(rs), orderId).stream().findFirst();
    }

    static OrderView view(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new OrderView(
                rs.getString("order_id"),
                rs.getString("status"),
                rs.getString("provider"),
                rs.getString("payment_ref"),
                rs.getObject("amount_minor", Long.class),
                rs.getString("currency"),
                rs.getLong("refunded_minor"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(),
                rs.getString("customer_id"),
                rs.getString("customer_email"));
    }

    void deleteAll() {
        jdbc.update("delete from order_summary");
    }
}
