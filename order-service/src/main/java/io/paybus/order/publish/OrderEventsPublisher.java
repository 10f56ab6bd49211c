package io.paybus.order.publish;

import io.paybus.events.Customer;
import io.paybus.events.EventCodec;
import io.paybus.events.Money;
import io.paybus.events.OrderEventEnvelope;
import io.paybus.events.PublishedOrderEvent;
import io.paybus.events.Topics;
import io.paybus.order.command.OrderEvent;
import io.paybus.order.command.OrderStatus;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;
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
    void on(OrderEvent event, @SequenceNumber Long sequence) throws Exception {
        String order = event.orderId().value();
        Published before = jdbc.query("select status, payment_ref, amount_minor, currency, refunded_minor,"
                        + " customer_id, customer_email, customer_name, customer_locale, customer_country"
                        + " from order_publication where order_id = ?", (rs, n) -> new Published(rs.getString(1),
                        rs.getString(2), rs.getObject(3, Long.class), rs.getString(4), rs.getLong(5),
                        customer(rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10))),
                        order).stream().findFirst().orElse(null);
        Published after = next(before, event);
        List<PublishedOrderEvent> out = new ArrayList<>();
        if (before == null) {
            out.add(new PublishedOrderEvent.OrderCreated());
        }
        // AWAITING_PAYMENT has no event of its own: an order that starts there is just created.
        boolean changed = before == null || !before.status().equals(after.status());
        if (changed && event.status() != OrderStatus.AWAITING_PAYMENT) {
            out.add(publicEvent(event, after));
        }
        for (PublishedOrderEvent payload : out) {
            OrderEventEnvelope envelope = OrderEventEnvelope.of(order, sequence, after.status(),
                    event.delivery().occurredAt(), payload, after.customer());
            kafka.send(Topics.ORDERS_EVENTS, order, codec.encode(envelope)).get(10, TimeUnit.SECONDS);
        }
        Customer customer = after.customer();
        jdbc.update("insert into order_publication (order_id, status, last_sequence, payment_ref, amount_minor,"
                + " currency, refunded_minor, customer_id, customer_email, customer_name, customer_locale,"
                + " customer_country) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (order_id) do update set"
                + " status = excluded.status, last_sequence = excluded.last_sequence, payment_ref ="
                + " excluded.payment_ref, amount_minor = excluded.amount_minor, currency = excluded.currency,"
                + " refunded_minor = excluded.refunded_minor, customer_id = excluded.customer_id, customer_email ="
                + " excluded.customer_email, customer_name = excluded.customer_name, customer_locale ="
                + " excluded.customer_locale, customer_country = excluded.customer_country", order, after.status(),
                sequence, after.paymentRef(), after.amountMinor(), after.currency(), after.refundedMinor(),
                customer == null ? null : customer.id(), customer == null ? null : customer.email(),
                customer == null ? null : customer.name(), customer == null ? null : customer.locale(),
                customer == null ? null : customer.country());
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
