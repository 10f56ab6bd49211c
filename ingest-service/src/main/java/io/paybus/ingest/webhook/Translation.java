package io.paybus.ingest.webhook;

import io.paybus.events.PaymentEnvelope;
import java.util.Optional;

/**
 * A verified delivery read: the provider's event type (for counting) and our event, empty when
 * Paybus does not act on that type.
 */
public record Translation(String eventType, Optional<PaymentEnvelope> envelope) {
}
