package io.paybus.order.publish;

import io.paybus.events.Customer;
import io.paybus.events.EventCodec;
import io.paybus.events.Money;
import io.paybus.events.OrderEventEnvelope;
import io.paybus.events.PublishedOrderEvent;
import io.paybus.events.Topics;
import io.paybus.order.ProcessorBatch;
import io.paybus.order.command.OrderEvent;
import io.paybus.order.command.OrderStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes {@code orders.events} for other services: one event per change of an order's status
 * (plus {@code order.created} when an order first appears), keyed by order id, in the order's
 * event order. Each carries the order's customer: what {@code POST /orders} said, completed by what
 * the provider's events told of the buyer (an order the gateway did not create gets its buyer's
 * email from the payment itself).
 *
 * <p>It runs as its own tracking processor over the event store, so a publication survives
 * crashes: the processor's token and {@code order_publication} are committed together after Kafka
 * acknowledged; after a crash in between, the same events are published again with the same event
 * ids, which consumers drop. Failures are retried, never skipped ({@code PropagatingErrorHandler}).
 *
 * <p>A batch of events waits for Kafka once per round ({@link PublicationRounds}), not once per
 * record: one synchronous send per event, each waiting out the producer's linger and
 * {@code acks=all}, held the topic to a few hundred events a second.
 */
@Component
@ProcessingGroup(OrderEventsPublisher.PROCESSING_GROUP)
public class OrderEventsPublisher {

    public static final String PROCESSING_GROUP = "order-events-publisher";

    private record Published(String status, String paymentRef, Long amountMinor, String currency, long refundedMinor,
                             Customer customer) {
    }

    private final JdbcTemplate jdbc;
    private final KafkaTemplate<Object, Object> kafka;
    private final EventCodec codec;

    public OrderEventsPublisher(JdbcTemplate jdbc, KafkaTemplate<Object, Object> kafka, EventCodec codec) {
        this.jdbc = jdbc;
        this.kafka = kafka;
        this.codec = codec;
    }

    @EventHandler
    void on(OrderEvent event, @SequenceNumber Long sequence) {
        Optional<Batch> current = ProcessorBatch.current(Batch.class, Batch::new, Batch::commit);
        Batch batch = current.orElseGet(() -> new Batch(List.of()));
        String order = event.orderId().value();
        Published before = batch.state(order);
        Published after = next(before, event);
        if (before == null) {
            batch.publish(order, sequence, event, after, new PublishedOrderEvent.OrderCreated());
        }
        // AWAITING_PAYMENT has no event of its own: an order that starts there is just created.
        boolean changed = before == null || !before.status().equals(after.status());
        if (changed && event.status() != OrderStatus.AWAITING_PAYMENT) {
            batch.publish(order, sequence, event, after, publicEvent(event, after));
        }
        batch.advance(order, sequence, after);
        if (current.isEmpty()) {
            batch.commit();
        }
    }

    /**
     * What one batch of events publishes ({@link ProcessorBatch}): the batch's orders' rows are read
     * in one query, the records go out in {@link PublicationRounds} before the batch commits, and
     * each order's row is written once, after Kafka acknowledged.
     */
    private final class Batch {
        private final Map<String, Published> states = new HashMap<>();
        private final Map<String, Long> sequences = new LinkedHashMap<>();
        private final PublicationRounds records = new PublicationRounds();

        Batch(List<? extends EventMessage<?>> events) {
            List<String> orders = events.stream().filter(DomainEventMessage.class::isInstance)
                    .map(m -> ((DomainEventMessage<?>) m).getAggregateIdentifier()).distinct().toList();
            if (!orders.isEmpty()) {
                orders.forEach(order -> states.put(order, null));
                jdbc.query(con -> {
                    PreparedStatement select = con.prepareStatement(SELECT + " where order_id = any(?)");
                    select.setArray(1, con.createArrayOf("varchar", orders.toArray()));
                    return select;
                }, (ResultSet rs) -> {
                    states.put(rs.getString("order_id"), published(rs));
                });
            }
        }

        Published state(String order) {
            if (!states.containsKey(order)) {
                states.put(order, jdbc.query(SELECT + " where order_id = ?", (rs, n) -> published(rs), order)
                        .stream().findFirst().orElse(null));
            }
            return states.get(order);
        }

        void publish(String order, long sequence, OrderEvent event, Published after, PublishedOrderEvent payload) {
            records.add(order, codec.encode(OrderEventEnvelope.of(order, sequence, after.status(),
                    event.delivery().occurredAt(), payload, after.customer())));
        }

        void advance(String order, long sequence, Published after) {
            states.put(order, after);
            sequences.put(order, sequence);
        }

        void commit() {
            try {
                records.sendAll((key, value) -> kafka.send(Topics.ORDERS_EVENTS, key, value), SEND_TIMEOUT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaException("interrupted while publishing " + Topics.ORDERS_EVENTS, e);
            } catch (ExecutionException | TimeoutException e) {
                // The batch rolls back, token included, and is published again (same event ids).
                throw new KafkaException("publishing " + records.records() + " records to " + Topics.ORDERS_EVENTS
                        + " failed", e);
            }
            List<Object[]> rows = new ArrayList<>(sequences.size());
            sequences.forEach((order, sequence) -> {
                Published after = states.get(order);
                Customer customer = after.customer();
                rows.add(new Object[] {order, after.status(), sequence, after.paymentRef(), after.amountMinor(),
                        after.currency(), after.refundedMinor(), customer == null ? null : customer.id(),
                        customer == null ? null : customer.email(), customer == null ? null : customer.name(),
                        customer == null ? null : customer.locale(), customer == null ? null : customer.country()});
            });
            jdbc.batchUpdate(UPSERT, rows);
        }
    }

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

    private static final String SELECT = "select order_id, status, payment_ref, amount_minor, currency,"
            + " refunded_minor, customer_id, customer_email, customer_name, customer_locale, customer_country"
            + " from order_publication";

    private static final String UPSERT = "insert into order_publication (order_id, status, last_sequence,"
            + " payment_ref, amount_minor, currency, refunded_minor, customer_id, customer_email, customer_name,"
            + " customer_locale, customer_country) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " on conflict (order_id) do update set status = excluded.status, last_sequence = excluded.last_sequence,"
            + " payment_ref = excluded.payment_ref, amount_minor = excluded.amount_minor, currency = excluded.currency,"
            + " refunded_minor = excluded.refunded_minor, customer_id = excluded.customer_id, customer_email ="
            + " excluded.customer_email, customer_name = excluded.customer_name, customer_locale ="
            + " excluded.customer_locale, customer_country = excluded.customer_country";

    private static Published published(ResultSet rs) throws SQLException {
        return new Published(rs.getString("status"), rs.getString("payment_ref"),
                rs.getObject("amount_minor", Long.class), rs.getString("currency"), rs.getLong("refunded_minor"),
                customer(rs.getString("customer_id"), rs.getString("customer_email"), rs.getString("customer_name"),
                        rs.getString("customer_locale"), rs.getString("customer_country")));
    }

    private static Published next(Published before, OrderEvent event) {
        Published b = before != null ? before : new Published(null, null, null, null, 0, null);
        String status = event.status().name();
        Customer customer = Customer.completed(event instanceof OrderEvent.OrderPlaced placed
                && placed.customer() != null ? placed.customer() : b.customer(), event.delivery().buyer());
        if (event instanceof OrderEvent.PaymentConfirmed paid && b.amountMinor() == null) {
            return new Published(status, paid.paymentRef(), paid.amount().minor(),
                    paid.amount().currency().getCurrencyCode(), b.refundedMinor(), customer);
        }
        if (event instanceof OrderEvent.InterventionRecorded marked && marked.amount() != null) {
            // A mark-paid: the payment the provider confirmed to the operator is the order's.
            return new Published(status, marked.paymentRef(), marked.amount().minor(),
                    marked.amount().currency().getCurrencyCode(), b.refundedMinor(), customer);
        }
        if (event instanceof OrderEvent.RefundRecorded refund) {
            return new Published(status, b.paymentRef(), b.amountMinor(),
                    refund.refundedTotal().currency().getCurrencyCode(),
                    Math.max(b.refundedMinor(), refund.refundedTotal().minor()), customer);
        }
        return new Published(status, b.paymentRef(), b.amountMinor(), b.currency(), b.refundedMinor(), customer);
    }

    private static Customer customer(String id, String email, String name, String locale, String country) {
        return id == null && email == null && name == null && locale == null && country == null ? null
                : new Customer(id, email, name, locale, country);
    }

    private static final Map<OrderStatus, PublishedOrderEvent> WITHOUT_DATA = Map.of(
            OrderStatus.PROCESSING, new PublishedOrderEvent.OrderProcessing(),
            OrderStatus.REQUIRES_ACTION, new PublishedOrderEvent.OrderActionRequired(),
            OrderStatus.PAYMENT_FAILED, new PublishedOrderEvent.OrderPaymentFailed(),
            OrderStatus.CANCELED, new PublishedOrderEvent.OrderCanceled(),
            OrderStatus.DISPUTED, new PublishedOrderEvent.OrderDisputed(),
            OrderStatus.DISPUTE_WON, new PublishedOrderEvent.OrderDisputeWon(),
            OrderStatus.DISPUTE_LOST, new PublishedOrderEvent.OrderDisputeLost());

    private static PublishedOrderEvent publicEvent(OrderEvent event, Published state) {
        Currency currency = state.currency() == null ? null : Currency.getInstance(state.currency());
        if (event instanceof OrderEvent.PaymentMismatched mismatch && event.status() == OrderStatus.PAYMENT_MISMATCH) {
            return new PublishedOrderEvent.OrderPaymentMismatch(mismatch.expected(), mismatch.received(),
                    mismatch.expectedRef(), mismatch.paymentRef(), mismatch.reason());
        }
        return switch (event.status()) {
            case PAID -> new PublishedOrderEvent.OrderPaid(new Money(state.amountMinor(), currency), state.paymentRef(),
                    event instanceof OrderEvent.InterventionRecorded marked ? marked.provider()
                            : event.delivery().fromOurApi() ? null : event.delivery().provider());
            case PARTIALLY_REFUNDED -> new PublishedOrderEvent.OrderPartiallyRefunded(
                    new Money(state.refundedMinor(), currency));
            case REFUNDED -> new PublishedOrderEvent.OrderRefunded(new Money(state.refundedMinor(), currency));
            default -> WITHOUT_DATA.get(event.status());
        };
    }
}
