package io.paybus.events;

/** The payment providers Paybus normalizes. */
public enum Provider {
    STRIPE,
    PAYPAL
}
