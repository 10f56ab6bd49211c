package io.paybus.order.command;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What a provider said about an order's payment, besides confirmation, failure and refund: the
 * facts from which {@link OrderStatus} is derived. Informational facts (charges, refunds in flight,
 * checkout steps) are kept for the history and change nothing.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = PaymentFact.Processing.class, name = "processing"),
        @JsonSubTypes.Type(value = PaymentFact.ActionRequired.class, name = "action_required"),
        @JsonSubTypes.Type(value = PaymentFact.Canceled.class, name = "canceled"),
        @JsonSubTypes.Type(value = PaymentFact.Dispute.class, name = "dispute"),
        @JsonSubTypes.Type(value = PaymentFact.Informational.class, name = "informational")})
public sealed interface PaymentFact {

    /** The provider is processing the payment (never a confirmation). */
    record Processing() implements PaymentFact {
    }

    /** The customer must act (e.g. 3-D Secure). */
    record ActionRequired(String action) implements PaymentFact {
    }

    /** The payment was canceled before it completed. */
    record Canceled(String reason) implements PaymentFact {
    }

    /** A dispute of the payment moved to {@code stage}; {@code outcome} once closed. */
    record Dispute(String disputeRef, DisputeStage stage, String outcome) implements PaymentFact {
    }

    /** Kept in history only, by its wire type (e.g. {@code charge.succeeded}). */
    record Informational(String eventType) implements PaymentFact {
    }

    /** Where a dispute is. */
    enum DisputeStage {
        OPENED, UPDATED, FUNDS_WITHDRAWN, FUNDS_REINSTATED, CLOSED
    }
}
