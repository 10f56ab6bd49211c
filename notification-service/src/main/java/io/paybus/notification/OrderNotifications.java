package io.paybus.notification;

import io.paybus.events.Customer;
import io.paybus.events.EventCodec;
import io.paybus.events.OrderEventEnvelope;
import io.paybus.events.PublishedOrderEvent;
import io.paybus.events.Topics;
import io.paybus.platform.deadletter.DeadLetterRecoverer;
import java.util.Locale;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * {@code orders.events} to the buyer: a payment receipt on {@code order.paid}, a refund
 * confirmation on {@code order.partially_refunded} and {@code order.refunded}, in the buyer's locale
 * (the order's customer, from {@code POST /orders}); an order without a customer email gets nothing.
 * With {@code receipts-api-key} set, the receipt mail carries the billing service's receipt as a PDF
 * ({@link ReceiptDocuments}), else it links to it.
 */
@Component
class OrderNotifications {

    private final EventCodec codec;
    private final Deliveries deliveries;
    private final NotificationProperties properties;
    private final DeadLetterRecoverer deadLetters;
    private final ReceiptDocuments receipts;

    OrderNotifications(EventCodec codec, Deliveries deliveries, NotificationProperties properties,
            DeadLetterRecoverer deadLetters, ReceiptDocuments receipts) {
        this.receipts = receipts;
        this.codec = codec;
        this.deliveries = deliveries;
        this.properties = properties;
        this.deadLetters = deadLetters;
    }

    @KafkaListener(id = "notification-orders", groupId = "${paybus.notification.consumer-group:notification-service}",
            topics = Topics.ORDERS_EVENTS)
    void on(ConsumerRecord<String, byte[]> record) {
        OrderEventEnvelope event = codec.decodeOrderEvent(record.value());
        String template = templateOf(event.payload());
        if (template != null) {
            deliveries.attempt(template, record, () -> notify(event, template));
        }
        deadLetters.applied(record);
    }

    private void notify(OrderEventEnvelope event, String template) {
        Customer customer = event.customer();
        if (customer == null || customer.email() == null) {
            deliveries.skipped(template);
            return;
        }
        Templates.Reader reader = Templates.readerOf(customer, properties.defaultLocale());
        Locale locale = reader.locale();
        String name = reader.name();
        String amount = Templates.money(amountOf(event.payload()), locale);
        if ("receipt".equals(template) && receipts.attaching()) {
            if (deliveries.sent(event.eventId(), customer.email(), "receipt")) {
                return; // a redelivery: not even billing is asked again
            }
            ReceiptDocuments.Document receipt = receipts.ofOrder(event.orderId());
            deliveries.mail(event.eventId(), customer.email(), template, locale,
                    Templates.render("receipt_attached", locale, event.orderId(), name, amount, receipt.number()),
                    new Deliveries.Attachment(receipt.number() + ".pdf", "application/pdf", receipt.pdf()));
            return;
        }
        String receipt = properties.receiptsUrl() + "/orders/" + event.orderId() + "/receipt";
        deliveries.mail(event.eventId(), customer.email(), template, locale,
                Templates.render(template, locale, event.orderId(), name, amount, receipt));
    }

    private static io.paybus.events.Money amountOf(PublishedOrderEvent payload) {
        if (payload instanceof PublishedOrderEvent.OrderPaid paid) {
            return paid.amount();
        }
        if (payload instanceof PublishedOrderEvent.OrderPartiallyRefunded refund) {
            return refund.refundedTotal();
        }
        return ((PublishedOrderEvent.OrderRefunded) payload).refundedTotal();
    }

    private static String templateOf(PublishedOrderEvent payload) {
        if (payload instanceof PublishedOrderEvent.OrderPaid) {
            return "receipt";
        }
        if (payload instanceof PublishedOrderEvent.OrderPartiallyRefunded
                || payload instanceof PublishedOrderEvent.OrderRefunded) {
            return "refund";
        }
        return null;
    }
}
