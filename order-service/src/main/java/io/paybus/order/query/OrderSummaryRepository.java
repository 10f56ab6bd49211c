package io.paybus.order.query;

import io.paybus.order.ProcessorBatch;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code order_summary} read model table. Written only by {@link OrderSummaryProjection}.
 *
 * <p>Within a processor's batch the writes are sent together when the batch commits, in the order
 * the events came ({@link ProcessorBatch}): one round trip for the batch. Writing each event in a
 * savepoint of its own, as before, cost three round trips and one subtransaction per event, and a
 * batch of 100 overflowed PostgreSQL's 64 cached subtransactions per backend.
 *
 * <p>When the batch's writes fail, the batch rolls back and its events are marked careful: handled
 * again, each careful event is written at once in a nested transaction (a savepoint), since on
 * PostgreSQL a failed statement aborts the whole transaction, and the batch must survive the one
 * failing event so that Axon can put it in the dead-letter queue and move on. Outside a batch (a
 * dead-letter replay) every write is careful.
 */
@Repository
public class OrderSummaryRepository {

    private static final String UPSERT = """
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
            """;

    private static final String INTERVENED = "update order_summary set status = ?, payment_ref ="
            + " coalesce(?, payment_ref), amount_minor = coalesce(?, amount_minor), currency = coalesce(?, currency),"
            + " updated_at = ? where order_id = ?";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate savepoint;
    /** Events of batches whose writes failed: written one by one when handled again. */
    private final Set<String> careful = ConcurrentHashMap.newKeySet();

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
        write(UPSERT, orderId, status, provider, paymentRef, amount, currency == null ? null : currency.getCurrencyCode(),
                refunded, Timestamp.from(at), Timestamp.from(at), customer == null ? null : customer.id(),
                customer == null ? null : customer.email());
    }

    /** An operator's intervention on an order the read model has: its status, and for a mark-paid its payment. */
    void intervened(String orderId, String status, String paymentRef, Long amount, Currency currency, Instant at) {
        write(INTERVENED, status, paymentRef, amount, currency == null ? null : currency.getCurrencyCode(),
                Timestamp.from(at), orderId);
    }

    /** Runs {@code action} once the event's write is sent: at once, or after its batch's writes. */
    void afterWritten(Runnable action) {
        ProcessorBatch.current(Writes.class, Writes::new, Writes::flush)
                .ifPresentOrElse(writes -> writes.after.add(action), action);
    }

    private void write(String sql, Object... arguments) {
        boolean carefulEvent = ProcessorBatch.currentEventId().map(careful::remove).orElse(true);
        Optional<Writes> batch = ProcessorBatch.current(Writes.class, Writes::new, Writes::flush);
        if (batch.isPresent() && !carefulEvent) {
            batch.get().pending.add(new Write(sql, arguments));
            return;
        }
        // Earlier events' writes go first, so the table sees the events in their order.
        batch.ifPresent(Writes::send);
        savepoint.executeWithoutResult(tx -> jdbc.update(sql, arguments));
    }

    private record Write(String sql, Object[] arguments) {
    }

    private final class Writes {
        private final List<String> events;
        private final List<Write> pending = new ArrayList<>();
        private final List<Runnable> after = new ArrayList<>();

        Writes(List<? extends EventMessage<?>> events) {
            this.events = events.stream().map(EventMessage::getIdentifier).toList();
        }

        void flush() {
            try {
                send();
            } catch (DataAccessException e) {
                careful.addAll(events);
                throw e;
            }
            after.forEach(Runnable::run);
        }

        /** The pending writes, runs of one statement sent as one JDBC batch each. */
        void send() {
            int from = 0;
            while (from < pending.size()) {
                String sql = pending.get(from).sql();
                int to = from;
                List<Object[]> rows = new ArrayList<>();
                while (to < pending.size() && pending.get(to).sql().equals(sql)) {
                    rows.add(pending.get(to++).arguments());
                }
                jdbc.batchUpdate(sql, rows);
                from = to;
            }
            pending.clear();
        }
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
