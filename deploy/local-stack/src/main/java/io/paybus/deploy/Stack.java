package io.paybus.deploy;

import io.paybus.events.Topics;
import io.paybus.infra.KafkaBroker;
import io.paybus.infra.PostgresServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The whole of Paybus on one machine: a real Kafka broker (KRaft), a real PostgreSQL, a real mail
 * server (GreenMail: SMTP and IMAP), and the four services from their executable jars, each in its
 * own process. Used by the one-command
 * local run and by the end-to-end test.
 *
 * <p>Data (Kafka logs, the PostgreSQL cluster) lives in {@link StackConfig#dataDirectory()} and
 * survives a restart; service logs are in its {@code logs/} folder.
 */
public final class Stack implements AutoCloseable {

    static final String ORDERS_DATABASE = "paybus_orders";
    static final String INGEST_DATABASE = "paybus_ingest";
    static final String BILLING_DATABASE = "paybus_billing";
    static final String NOTIFICATIONS_DATABASE = "paybus_notifications";
    /** The key the services use against the local provider stub. */
    static final String STUB_API_KEY = "sk_test_paybus_local_stub";
    private static final int PARTITIONS = 6;
    /** One broker: topics a service creates get one replica (production defaults: 3, and 2 in sync). */
    static final List<String> ONE_BROKER = List.of("--paybus.kafka.topics.replication-factor=1",
            "--paybus.kafka.topics.min-insync-replicas=1", "--paybus.kafka.topics.partitions=" + PARTITIONS);
    private static final Duration SERVICE_START_TIMEOUT = Duration.ofSeconds(180);
    /**
     * The ingest's young generation, half its heap: sized from a 64 MB start, eden stayed at 31 MB
     * and the ingest collected ten times a second at 7,000 webhooks/s, and under a flood of
     * connections their short-lived buffers were promoted and filled the old generation (full
     * collections of 100+ ms every few seconds). Bench figures in the ingest README (#15).
     */
    static final List<String> INGEST_JVM = List.of("-Xms320m", "-Xmn160m");

    /** {@code arguments} of a service on the one local broker, with {@link #ONE_BROKER}. */
    static List<String> oneBroker(String... arguments) {
        List<String> all = new ArrayList<>(List.of(arguments));
        all.addAll(ONE_BROKER);
        return all;
    }

    private final StackConfig config;
    private final PrintStream out;
    private PostgresServer postgres;
    private KafkaBroker kafka;
    private final List<ServiceProcess> services = new ArrayList<>();
    private ProviderStub providerStub;
    private MailServer mail;
    private String kafkaBootstrapServers;
    private Infrastructure infrastructure;
    private LocalCredentials credentials;

    /**
     * Kafka and PostgreSQL that someone else runs (a cluster, Testcontainers): the stack then
     * starts only the services against them.
     */
    public record Infrastructure(String kafkaBootstrapServers, String ordersJdbcUrl, String ingestJdbcUrl,
                                 String billingJdbcUrl, String notificationsJdbcUrl, String jdbcUser,
                                 String jdbcPassword) {
    }

    private Stack(StackConfig config, PrintStream out) {
        this.config = config;
        this.out = out;
    }

    /** Starts the embedded Kafka and PostgreSQL in the data directory, then the services. */
    public static Stack start(StackConfig config, PrintStream out) {
        Stack stack = new Stack(config, out);
        return stack.run(() -> stack.startServices(stack.startInfrastructure()));
    }

    /** Starts only the services, against infrastructure that is already running. */
    public static Stack startOn(Infrastructure infrastructure, StackConfig config, PrintStream out) {
        Stack stack = new Stack(config, out);
        return stack.run(() -> {
            stack.step("creating topics", () -> KafkaBroker.createTopics(infrastructure.kafkaBootstrapServers(),
                    Topics.ALL, PARTITIONS));
            stack.startServices(infrastructure);
        });
    }

    private Stack run(ThrowingRunnable start) {
        try {
            start.run();
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        } catch (Exception e) {
            close();
            throw new IllegalStateException(e);
        }
    }

    public StackConfig config() {
        return config;
    }

    /** Where the services' Kafka is (embedded or given). */
    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    /** The webhook secret and API keys of this stack (made at its first start, kept in its data folder). */
    public LocalCredentials credentials() {
        return credentials;
    }

    /** The Kafka and PostgreSQL the services run on (embedded or given). */
    public Infrastructure infrastructure() {
        return infrastructure;
    }

    private Infrastructure startInfrastructure() throws Exception {
        for (int port : List.of(config.kafkaPort(), config.kafkaControllerPort(), config.postgresPort(),
                config.ingestPort(), config.orderPort(), config.billingPort(), config.providerStubPort(),
                config.ingestManagementPort(), config.orderManagementPort(), config.billingManagementPort(),
                config.notificationPort(), config.notificationManagementPort(), config.smtpPort(), config.imapPort(),
                config.consolePort(), config.consoleManagementPort())) {
            requireFree(port);
        }
        Path data = config.dataDirectory().toAbsolutePath();
        step("starting PostgreSQL", () -> postgres = PostgresServer.start(data.resolve("postgres"), config.postgresPort()));
        out.printf("  %-24s     %s%n", "", postgres.durability());
        step("starting Kafka (KRaft)", () -> kafka = KafkaBroker.start(data.resolve("kafka"), config.kafkaPort(),
                config.kafkaControllerPort(), "384m"));
        step("creating topics", () -> kafka.createTopics(Topics.ALL, PARTITIONS));
        return new Infrastructure(kafka.bootstrapServers(), postgres.jdbcUrl(ORDERS_DATABASE),
                postgres.jdbcUrl(INGEST_DATABASE), postgres.jdbcUrl(BILLING_DATABASE),
                postgres.jdbcUrl(NOTIFICATIONS_DATABASE), PostgresServer.USER, "");
    }

    private void startServices(Infrastructure infrastructure) throws Exception {
        this.infrastructure = infrastructure;
        kafkaBootstrapServers = infrastructure.kafkaBootstrapServers();
        Path data = config.dataDirectory().toAbsolutePath();
        String bootstrap = "--spring.kafka.bootstrap-servers=" + infrastructure.kafkaBootstrapServers();
        Path logs = data.resolve("logs");
        credentials = config.credentials();
        io.paybus.infra.samples.PaypalSigner paypal = credentials.paypalSigner();
        providerStub = ProviderStub.start(config.providerStubPort(), out, paypal,
                java.net.URI.create(config.ingestUrl() + "/webhooks/paypal"));
        String providers = providerStub.baseUrl();
        mail = MailServer.start(config.smtpPort(), config.imapPort());
        long began = System.nanoTime();
        out.println("  starting services (ingest, order, billing, notification, console in parallel) ...");
        // Dead letters are looked at every 5 s for operators' alerts (30 s in production).
        List<String> common = new java.util.ArrayList<>(List.of(bootstrap, "--spring.profiles.active=local",
                "--paybus.alerts.dead-letter-check=5s"));
        common.addAll(ONE_BROKER);
        common.addAll(credentials.serviceArguments());
        services.add(ServiceProcess.start("ingest-service", config.jar("ingest-service"), config.ingestPort(),
                config.ingestManagementPort(), with(common, "--spring.datasource.url=" + infrastructure.ingestJdbcUrl(),
                        "--spring.datasource.username=" + infrastructure.jdbcUser(),
                        "--spring.datasource.password=" + infrastructure.jdbcPassword(),
                        "--paybus.ingest.stripe.api-key=" + STUB_API_KEY,
                        "--paybus.ingest.stripe.api-base=" + providers,
                        "--paybus.ingest.paypal.api-base=" + providers,
                        "--paybus.ingest.paypal.client-id=paybus-local",
                        "--paybus.ingest.paypal.client-secret=paybus-local",
                        "--paybus.ingest.paypal.webhook-id=" + PaypalCheckout.WEBHOOK_ID,
                        "--paybus.ingest.paypal.certificate-directory=" + paypal.certificateDirectory(),
                        "--paybus.ingest.paypal.fetch-certificates=false",
                        "--paybus.ingest.paypal.sandbox=true",
                        "--paybus.ingest.warm-up.enabled=" + config.ingestWarmUp()),
                credentials.ingestEnvironment(), logs.resolve("ingest-service.log"), "320m", INGEST_JVM));
        services.add(ServiceProcess.start("order-service", config.jar("order-service"), config.orderPort(),
                config.orderManagementPort(), with(common, "--spring.datasource.url=" + infrastructure.ordersJdbcUrl(),
                        "--spring.datasource.username=" + infrastructure.jdbcUser(),
                        "--spring.datasource.password=" + infrastructure.jdbcPassword(),
                        "--paybus.order.gateway.stripe.api-base=" + providers,
                        "--paybus.order.gateway.stripe.api-key=" + STUB_API_KEY,
                        "--paybus.order.gateway.paypal.api-base=" + providers,
                        "--paybus.order.gateway.paypal.client-id=paybus-local",
                        "--paybus.order.gateway.paypal.client-secret=paybus-local"),
                Map.of(), logs.resolve("order-service.log"), "320m"));
        services.add(ServiceProcess.start("billing-service", config.jar("billing-service"), config.billingPort(),
                config.billingManagementPort(), with(common,
                        "--spring.datasource.url=" + infrastructure.billingJdbcUrl(),
                        "--spring.datasource.username=" + infrastructure.jdbcUser(),
                        "--spring.datasource.password=" + infrastructure.jdbcPassword(),
                        "--paybus.billing.stripe.api-base=" + providers,
                        "--paybus.billing.stripe.api-key=" + STUB_API_KEY,
                        "--paybus.billing.schedule-interval=2s"),
                Map.of(), logs.resolve("billing-service.log"), "320m"));
        services.add(ServiceProcess.start("notification-service", config.jar("notification-service"),
                config.notificationPort(), config.notificationManagementPort(), with(common,
                        "--spring.datasource.url=" + infrastructure.notificationsJdbcUrl(),
                        "--spring.datasource.username=" + infrastructure.jdbcUser(),
                        "--spring.datasource.password=" + infrastructure.jdbcPassword(),
                        "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + config.smtpPort(),
                        "--paybus.notification.receipts-url=" + config.billingUrl()),
                credentials.notificationEnvironment(), logs.resolve("notification-service.log"), "256m"));
        // The console calls the services' public APIs with the operator's key, like curl would.
        services.add(ServiceProcess.start("operator-console", config.jar("operator-console"), config.consolePort(),
                config.consoleManagementPort(), List.of("--paybus.console.ingest-url=" + config.ingestUrl(),
                        "--paybus.console.order-url=" + config.orderUrl(),
                        "--paybus.console.billing-url=" + config.billingUrl(),
                        "--paybus.console.notification-url=http://127.0.0.1:" + config.notificationPort()),
                Map.of(), logs.resolve("operator-console.log"), "128m"));
        for (ServiceProcess service : services) {
            service.awaitHealthy(SERVICE_START_TIMEOUT);
            out.printf("  %-16s healthy after %4.1f s (log: %s)%n", service.name(),
                    (System.nanoTime() - began) / 1e9, data.relativize(service.log()));
        }
    }

    /** Prints where everything is. */
    public void printSummary() {
        printSummary(out);
    }

    /** Prints where everything is, credentials included, to {@code out}. */
    public void printSummary(PrintStream out) {
        Path data = config.dataDirectory().toAbsolutePath();
        out.println();
        out.println("Paybus is up. Data in " + data + " (kept across restarts).");
        out.printf("  %-12s %-44s %s%n", "Kafka", "127.0.0.1:" + config.kafkaPort(), "topics: " + String.join(", ", Topics.ALL));
        out.printf("  %-12s %-44s %s%n", "PostgreSQL", "127.0.0.1:" + config.postgresPort(),
                "databases " + ORDERS_DATABASE + ", " + INGEST_DATABASE + ", " + BILLING_DATABASE + ", "
                        + NOTIFICATIONS_DATABASE + "; user " + PostgresServer.USER);
        out.printf("  %-12s %-44s %s%n", "ingest", config.ingestUrl(), "POST /webhooks/stripe, /webhooks/paypal");
        out.printf("  %-12s %-44s %s%n", "order", config.orderUrl(),
                "POST /orders, /orders/{id}/refunds; GET /orders/{id}, /orders/{id}/history");
        out.printf("  %-12s %-44s %s%n", "billing", config.billingUrl(),
                "GET /subscriptions/{id}, /customers/{id}/credits; POST /customers/{id}/usage");
        out.printf("  %-12s %-44s %s%n", "notification", "http://127.0.0.1:" + config.notificationPort(),
                "receipts and refunds to buyers; operators' alerts (operations.alerts) to ops@paybus.local");
        out.printf("  %-12s %-44s %s%n", "console", config.consoleUrl(),
                "the operators' console: sign in with credentials/operator.key");
        out.printf("  %-12s %-44s %s%n", "mail", "smtp 127.0.0.1:" + config.smtpPort() + ", imap " + config.imapPort(),
                "a local mail server; read a mailbox: ./deploy/mailbox.sh ADDRESS");
        out.printf("  %-12s %-44s %s%n", "providers", "http://127.0.0.1:" + config.providerStubPort(),
                "local stand-in for Stripe's and PayPal's APIs (calls are printed)");
        out.printf("  %-12s %-44s %s%n", "metrics", "http://127.0.0.1:" + config.ingestManagementPort()
                + "/actuator/prometheus", "(order " + config.orderManagementPort() + ", billing "
                + config.billingManagementPort() + ", notification " + config.notificationManagementPort()
                + ", console " + config.consoleManagementPort() + "; health: /actuator/health)");
        out.printf("  %-12s %s%n", "logs", data.resolve("logs"));
        if (credentials != null) {
            Path keys = data.relativize(credentials.directory());
            out.println();
            out.println("Credentials " + (credentials.created() ? "generated now" : "kept from the first start")
                    + " in " + credentials.directory() + ":");
            out.printf("  %-34s %s%n", keys.resolve(LocalCredentials.MERCHANT_FILE),
                    "API key of an application: " + String.join(", ", LocalCredentials.MERCHANT_SCOPES));
            out.printf("  %-34s %s%n", keys.resolve(LocalCredentials.OPERATOR_FILE),
                    "API key of an operator: " + String.join(", ", LocalCredentials.OPERATOR_SCOPES));
            out.printf("  %-34s %s%n", keys.resolve(LocalCredentials.NOTIFICATION_FILE),
                    "API key of the notification service: " + String.join(", ", LocalCredentials.NOTIFICATION_SCOPES)
                            + " (the receipts it attaches)");
            out.printf("  %-34s %s%n", keys.resolve(LocalCredentials.STRIPE_SECRET_FILE),
                    "the Stripe webhook signing secret the ingest service trusts");
            out.printf("  %-34s %s%n", keys.resolve("paypal-certs") + "/",
                    "the certificate of the key the provider stub signs PayPal's webhooks with");
            out.println("  Call an API with one:  curl -H \"Authorization: Bearer $(cat " + credentials.directory()
                    .resolve(LocalCredentials.MERCHANT_FILE) + ")\" " + config.orderUrl() + "/orders/<id>");
        }
    }

    @Override
    public void close() {
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).stop();
        }
        services.clear();
        if (providerStub != null) {
            providerStub.close();
        }
        if (mail != null) {
            mail.close();
        }
        if (kafka != null) {
            kafka.stop();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private static List<String> with(List<String> common, String... more) {
        List<String> all = new java.util.ArrayList<>(common);
        all.addAll(List.of(more));
        return all;
    }

    private void step(String what, ThrowingRunnable action) throws Exception {
        long began = System.nanoTime();
        out.printf("  %-24s ...", what);
        out.flush();
        action.run();
        out.printf(" ready in %.1f s%n", (System.nanoTime() - began) / 1e9);
    }

    private static void requireFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " is in use: is a Paybus stack already running?"
                    + " (stop it with Ctrl-C, or free the port)");
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
