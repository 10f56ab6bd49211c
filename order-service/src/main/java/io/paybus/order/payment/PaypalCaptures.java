package io.paybus.order.payment;

import io.paybus.order.command.OrderEvent.PaymentFactRecorded;
import io.paybus.order.command.PaymentFact;
import io.paybus.order.gateway.GatewayProperties;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * PayPal takes no money until the merchant captures the order the buyer approved: on
 * {@code CHECKOUT.ORDER.APPROVED} of an order created through our gateway, this captures it
 * ({@link OrderPayments#capture}), unless {@code paybus.order.gateway.paypal.capture} is
 * {@code manual} (then the merchant calls {@code POST /orders/{id}/capture}). Then
 * {@code PAYMENT.CAPTURE.COMPLETED} confirms the payment as any confirmation does.
 *
 * <p>Its own tracking processor over the event store, so an approval is acted on once it is stored,
 * after a crash too; failures are propagated (the processor retries with backoff): a PayPal that does
 * not answer is asked again with the same {@code PayPal-Request-Id}. A decline is recorded as a
 * failed payment, not retried. Never on a replay.
 */
@Component
@ProcessingGroup(PaypalCaptures.PROCESSING_GROUP)
class PaypalCaptures {

    static final String PROCESSING_GROUP = "paypal-captures";
    private static final String APPROVED = "checkout.approved";
    private static final Logger log = LoggerFactory.getLogger(PaypalCaptures.class);

    private final OrderPayments payments;
    private final boolean automatic;

    PaypalCaptures(OrderPayments payments, GatewayProperties properties) {
        this.payments = payments;
        this.automatic = properties.paypal().automaticCapture();
    }

    @EventHandler
    @DisallowReplay
    void on(PaymentFactRecorded event) {
        if (!automatic || !(event.fact() instanceof PaymentFact.Informational fact)
                || !APPROVED.equals(fact.eventType()) || !"PAYPAL".equals(event.delivery().provider())) {
            return;
        }
        OrderPayments.CaptureOutcome outcome = payments.capture(event.orderId().value(), event.paymentRef());
        if (outcome instanceof OrderPayments.ProviderFailed failed) {
            throw failed.failure(); // no answer: the processor retries, with the same request id
        }
        if (outcome instanceof OrderPayments.NotCapturable not) {
            log.info("approval of order {} not captured: {}", event.orderId(), not.detail());
        }
    }
}
