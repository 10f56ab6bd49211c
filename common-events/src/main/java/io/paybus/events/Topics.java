package io.paybus.events;

import java.util.List;

/**
 * Every Kafka topic Paybus reads or writes, declared once.
 *
 * <p>Records are keyed by the aggregate they belong to (order id, or subscription id), so one
 * partition carries one aggregate's events in order.
 */
public final class Topics {

    /** Normalized provider events, internal: ingest-service to order-service. */
    public static final String PAYMENTS_INBOUND = "payments.inbound";
    /** What order-service could not apply from {@link #PAYMENTS_INBOUND}. */
    public static final String PAYMENTS_INBOUND_DLT = deadLetter(PAYMENTS_INBOUND);
    /** Public: order state changes for other services. */
    public static final String ORDERS_EVENTS = "orders.events";
    /** Renewal schedule events consumed by billing-service. */
    public static final String BILLING_SCHEDULE = "billing.schedule";
    /** Schedule events billing-service could not process, for operators. */
    public static final String BILLING_SCHEDULE_DLT = deadLetter(BILLING_SCHEDULE);
    /** Public: renewal outcomes. */
    public static final String BILLING_EVENTS = "billing.events";

    /** Public: alerts for operators, raised by every service ({@link OperatorAlert}). */
    public static final String OPERATIONS_ALERTS = "operations.alerts";

    public static final List<String> ALL = List.of(
            PAYMENTS_INBOUND, PAYMENTS_INBOUND_DLT, ORDERS_EVENTS, BILLING_SCHEDULE, BILLING_SCHEDULE_DLT, BILLING_EVENTS,
            OPERATIONS_ALERTS);

    private Topics() {
    }

    /** The dead-letter topic of {@code topic}: {@code <topic>-dlt}. */
    public static String deadLetter(String topic) {
        return topic + "-dlt";
    }
}
