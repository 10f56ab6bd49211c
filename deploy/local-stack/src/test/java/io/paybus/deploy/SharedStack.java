package io.paybus.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The one embedded stack of this module's test run: started by the first test class that asks,
 * shared by the end-to-end contract and the console's browser tests, stopped when the run ends
 * (JUnit closes what its root store holds).
 */
final class SharedStack implements AutoCloseable {

    private final Stack stack;

    private SharedStack(Stack stack) {
        this.stack = stack;
    }

    static Stack in(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .computeIfAbsent(SharedStack.class, type -> new SharedStack(Stack.start(freshConfig(), System.out)),
                        SharedStack.class).stack;
    }

    static StackConfig freshConfig() {
        try {
            Path home = Path.of(System.getProperty("paybus.home"));
            return StackConfig.freePorts(home, Files.createTempDirectory("paybus-e2e-"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stack.close();
    }
}
