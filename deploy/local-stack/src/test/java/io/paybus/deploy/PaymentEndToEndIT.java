package io.paybus.deploy;

import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;

/** The end-to-end contract on the embedded Kafka broker and PostgreSQL (the default; no Docker). */
class PaymentEndToEndIT extends PaymentEndToEndContract {

    @BeforeAll
    static void startStack() throws IOException {
        stack = Stack.start(freshConfig(), System.out);
    }
}
