package io.paybus.events;

import java.util.LinkedHashMap;
import java.util.Map;

/** The wire name of every payload type, declared once; the codec and the envelope use it. */
public final class EventTypes {

    private static final Map<String, Class<? extends ProviderEvent>> BY_NAME = new LinkedHashMap<>();
    private static final Map<Class<? extends ProviderEvent>, String> BY_TYPE = new LinkedHashMap<>();

    static {
        add("payment.succeeded", PaymentSucceeded.class);
        add("payment.failed", PaymentFailed.class);
        add("payment.refunded", PaymentRefunded.class);
        add("payment.canceled", PaymentCanceled.class);
        add("payment.processing", PaymentProcessing.class);
        add("payment.action_required", PaymentActionRequired.class);
        add("payment.reversed", PaymentReversed.class);
        add("charge.succeeded", ChargeSucceeded.class);
        add("charge.failed", ChargeFailed.class);
        add("refund.changed", RefundChanged.class);
        add("dispute.opened", DisputeOpened.class);
        add("dispute.updated", DisputeUpdated.class);
        add("dispute.closed", DisputeClosed.class);
        add("dispute.funds_withdrawn", DisputeFundsWithdrawn.class);
        add("dispute.funds_reinstated", DisputeFundsReinstated.class);
        add("checkout.completed", CheckoutCompleted.class);
        add("checkout.approved", CheckoutApproved.class);
        add("checkout.async_payment_succeeded", CheckoutAsyncPaymentSucceeded.class);
        add("checkout.async_payment_failed", CheckoutAsyncPaymentFailed.class);
        add("subscription.changed", SubscriptionChanged.class);
        add("invoice.changed", InvoiceChanged.class);
        add("subscription.payment_changed", SubscriptionPaymentChanged.class);
    }

    private EventTypes() {
    }

    private static void add(String name, Class<? extends ProviderEvent> type) {
        BY_NAME.put(name, type);
        BY_TYPE.put(type, name);
    }

    /** The wire name of a payload. */
    public static String nameOf(ProviderEvent payload) {
        String name = BY_TYPE.get(payload.getClass());
        if (name == null) {
            throw new IllegalArgumentException("no wire name for " + payload.getClass().getName());
        }
        return name;
    }

    /** The payload type of a wire name, or {@code null} when this reader does not know it. */
    public static Class<? extends ProviderEvent> typeOf(String name) {
        return BY_NAME.get(name);
    }

    /** Every wire name, in declaration order. */
    public static Map<String, Class<? extends ProviderEvent>> all() {
        return Map.copyOf(BY_NAME);
    }
}
