package io.paybus.deploy;

import io.paybus.infra.Ports;
import java.nio.file.Path;

/**
 * Where the local stack keeps its data, which ports it uses, and where the service jars are.
 *
 * @param home         the repository root: service jars are under {@code <module>/target/}
 * @param dataDirectory Kafka log dirs, PostgreSQL cluster and service logs; kept across restarts
 * @param providerStubPort the local stand-in for Stripe's and PayPal's APIs ({@link ProviderStub})
 * @param smtpPort     the local mail server's SMTP (GreenMail), where the notification service sends
 * @param imapPort     its IMAP, where {@code ./deploy/mailbox.sh} reads
 * @param consolePort  the operator console (sign in with {@code credentials/operator.key})
 * @param ingestWarmUp whether the ingest warms its webhook path up before it reports ready, as it
 *                     does by default in production (up to a minute on a start)
 */
public record StackConfig(Path home, Path dataDirectory, int kafkaPort, int kafkaControllerPort, int postgresPort,
                          int ingestPort, int orderPort, int billingPort, int providerStubPort,
                          int ingestManagementPort, int orderManagementPort, int billingManagementPort,
                          int notificationPort, int notificationManagementPort, int smtpPort, int imapPort,
                          int consolePort, int consoleManagementPort, boolean ingestWarmUp) {

    /**
     * The documented fixed ports, all below the ephemeral range (32768+); management ports are 18181-18185.
     * The ingest starts as in production, with its warm-up.
     */
    public static StackConfig defaults(Path home, Path dataDirectory) {
        return new StackConfig(home, dataDirectory, 19092, 19093, 15432, 18081, 18082, 18083, 18090, 18181, 18182,
                18183, 18084, 18184, 3025, 3143, 18085, 18185, true);
    }

    /**
     * Free ports, for tests that run beside a developer's own stack; the ingest without its warm-up
     * (a minute of both cores while the other services start: WarmUpIT and the bench cover it).
     */
    public static StackConfig freePorts(Path home, Path dataDirectory) {
        return new StackConfig(home, dataDirectory, Ports.free(), Ports.free(), Ports.free(), Ports.free(),
                Ports.free(), Ports.free(), Ports.free(), Ports.free(), Ports.free(), Ports.free(), Ports.free(),
                Ports.free(), Ports.free(), Ports.free(), Ports.free(), Ports.free(), false);
    }

    /** The stack's credentials, kept in its data folder. */
    public LocalCredentials credentials() {
        return LocalCredentials.loadOrCreate(dataDirectory);
    }

    public String ingestUrl() {
        return "http://127.0.0.1:" + ingestPort;
    }

    public String orderUrl() {
        return "http://127.0.0.1:" + orderPort;
    }

    public String billingUrl() {
        return "http://127.0.0.1:" + billingPort;
    }

    public String consoleUrl() {
        return "http://127.0.0.1:" + consolePort;
    }

    Path jar(String module) {
        return home.resolve(module).resolve("target").resolve(module + ".jar");
    }
}
