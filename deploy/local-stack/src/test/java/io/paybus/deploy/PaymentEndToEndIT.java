package io.paybus.deploy;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The end-to-end contract on the embedded Kafka broker and PostgreSQL (the default; no Docker), on
 * the module's shared stack. First of the module's classes: its PayPal journey issues the stack's
 * first receipt.
 */
@Order(1)
class PaymentEndToEndIT extends PaymentEndToEndContract {

    @RegisterExtension
    static final BeforeAllCallback shared = context -> stack = SharedStack.in(context);
}
