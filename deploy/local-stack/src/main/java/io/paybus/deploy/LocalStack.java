package io.paybus.deploy;

import io.paybus.infra.samples.StripeSamples;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The one-command local run: starts the stack on the documented ports, shows a payment going
 * through, and runs until Ctrl-C, then stops everything cleanly.
 *
 * <p>Options: {@code --data DIR} (default {@code .paybus-local}), {@code --no-demo}.
 * Run from the repository root (the README's command does).
 */
public final class LocalStack {

    private LocalStack() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("paybus.home", ".")).toAbsolutePath().normalize();
        Path data = home.resolve(".paybus-local");
        boolean demo = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[++i]).toAbsolutePath();
                case "--no-demo" -> demo = false;
                default -> {
                    System.err.println("usage: LocalStack [--data DIR] [--no-demo]");
                    System.exit(2);
                }
            }
        }
        if (System.getProperty(StripeSamples.LOCATION_PROPERTY) == null) {
            System.setProperty(StripeSamples.LOCATION_PROPERTY, home.resolve("provider-samples").toString());
        }

        System.out.println("Starting Paybus locally (Ctrl-C stops it) ...");
        Stack stack;
        try {
            stack = Stack.start(StackConfig.defaults(home, data), System.out);
        } catch (RuntimeException e) {
            System.err.println();
            System.err.println("Paybus did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println();
            System.out.println("Stopping Paybus (services, then Kafka, then PostgreSQL) ...");
            stack.close();
            System.out.println("Stopped. Data kept in " + stack.config().dataDirectory().toAbsolutePath());
            stopped.countDown();
        }, "paybus-stop"));
        stack.printSummary();

        if (demo) {
            new DemoSender(stack.config().ingestUrl(), stack.config().orderUrl(), stack.credentials(), System.out)
                    .showingMail(stack.config().imapPort()).payOrder("demo-" + Long.toHexString(System.currentTimeMillis()), 1099, "eur",
                            Duration.ofSeconds(30));
        }
        System.out.println();
        System.out.println("Send another payment:  ./deploy/demo-send.sh   (or see README.md for curl)");
        System.out.println("Press Ctrl-C to stop.");
        stopped.await();
    }
}
