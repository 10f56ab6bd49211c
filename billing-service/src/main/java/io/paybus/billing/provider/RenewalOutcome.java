package io.paybus.billing.provider;

import io.paybus.events.Money;

/** What the provider did with a renewal: charged the period, or declined it. */
public sealed interface RenewalOutcome {

    record Charged(String invoiceRef, Money amount) implements RenewalOutcome {
    }

    record Declined(String invoiceRef, String code, String message) implements RenewalOutcome {
    }
}
