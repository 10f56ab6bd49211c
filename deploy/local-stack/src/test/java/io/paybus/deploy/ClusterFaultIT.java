package io.paybus.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paybus.events.Topics;
import io.paybus.infra.KafkaCluster;
import io.paybus.infra.Ports;
import io.paybus.infra.PostgresServer;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Paybus beyond one machine: a KRaft cluster of three controllers and three brokers (replication 3,
 * {@code min.insync.replicas} 2), PostgreSQL, two instances each of the ingest and order services
 * and two of the billing service from their real jars, and a load generator that behaves like a
 * provider. Under that load, one
 * fault at a time; after each, every order is in the state its events imply, no order has a
 * duplicate history entry, no public event was published twice under different ids, and every
 * acknowledged delivery is in the event store. The table of figures is printed at the end.
 */
@Order(3)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFaultIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration HEALTHY = Duration.ofSeconds(240);
    private static final int ORDERS_PER_ROUND = 60;
    private static final Duration SPREAD = Duration.ofSeconds(20);

    private static Path data;
    private static PostgresServer postgres;
    private static int postgresPort;
    private static KafkaCluster kafka;
    private static ProviderStub stub;
    private static LocalCredentials credentials;
    private static final Map<String, Instance> instances = new LinkedHashMap<>();
    private static ProviderLoad provider;
    private static final List<String> table = new ArrayList<>();

    /** A service instance that can be killed and started again with the same settings. */
    private static final class Instance {
        final String name;
        final String module;
        final int port = Ports.free();
        final int managementPort = Ports.free();
        final List<String> arguments;
        final Map<String, String> environment;
        ServiceProcess process;
        int starts;

        Instance(String name, String module, List<String> arguments, Map<String, String> environment) {
            this.name = name;
            this.module = module;
            this.arguments = arguments;
            this.environment = environment;
        }

        String url() {
            return "http://127.0.0.1:" + port;
        }

        void start() throws Exception {
            process = ServiceProcess.start(name, Path.of(System.getProperty("paybus.home")).resolve(module)
                    .resolve("target").resolve(module + ".jar"), port, managementPort, arguments, environment,
                    data.resolve("logs").resolve(name + "-" + (++starts) + ".log"), "256m");
        }

        boolean alive() {
            return process != null && process.isAlive();
        }
    }

    @BeforeAll
    static void cluster() throws Exception {
        data = Files.createTempDirectory("paybus-cluster-");
        postgresPort = Ports.free();
        postgres = PostgresServer.start(data.resolve("postgres"), postgresPort);
        kafka = KafkaCluster.start(3, 3);
        try (Admin admin = kafka.admin()) {
            List<NewTopic> topics = new ArrayList<>();
            for (String topic : Topics.ALL) {
                topics.add(new NewTopic(topic, 6, (short) 3).configs(Map.of("min.insync.replicas", "2")));
            }
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
        }
        credentials = LocalCredentials.loadOrCreate(data);
        stub = ProviderStub.start(Ports.free(), new PrintStream(java.io.OutputStream.nullOutputStream()),
                credentials.paypalSigner(), URI.create("http://127.0.0.1:1/unused"));
        for (String database : List.of("paybus_ingest", "paybus_orders", "paybus_billing")) {
            postgres.createDatabase(database);
        }
        List<String> common = new ArrayList<>(List.of("--spring.profiles.active=local",
                "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--spring.datasource.username=" + PostgresServer.USER, "--logging.level.root=WARN",
                "--logging.level.io.paybus=INFO",
                // Faster failover than the defaults, so that each fault's recovery fits a test.
                "--spring.kafka.consumer.properties.session.timeout.ms=10000",
                "--spring.kafka.consumer.properties.heartbeat.interval.ms=2000",
                "--spring.kafka.producer.properties.delivery.timeout.ms=15000",
                "--spring.kafka.producer.properties.request.timeout.ms=5000"));
        common.addAll(credentials.serviceArguments());
        for (int i = 1; i <= 2; i++) {
            List<String> ingest = new ArrayList<>(common);
            ingest.addAll(List.of("--spring.datasource.url=" + postgres.jdbcUrl("paybus_ingest"),
                    "--paybus.ingest.stripe.api-key=" + Stack.STUB_API_KEY,
                    "--paybus.ingest.stripe.api-base=" + stub.baseUrl(),
                    "--paybus.ingest.reconcile.sweep=false",
                    // Six services start at once on two cores: the warm-up's minute (WarmUpIT covers it) is left out.
                    "--paybus.ingest.warm-up.enabled=false"));
            instances.put("ingest-" + i, new Instance("ingest-" + i, "ingest-service", ingest,
                    credentials.ingestEnvironment()));
            List<String> order = new ArrayList<>(common);
            order.addAll(List.of("--spring.datasource.url=" + postgres.jdbcUrl("paybus_orders"),
                    "--paybus.order.gateway.stripe.api-base=" + stub.baseUrl(),
                    "--paybus.order.gateway.stripe.api-key=" + Stack.STUB_API_KEY));
            instances.put("order-" + i, new Instance("order-" + i, "order-service", order, Map.of()));
        }
        for (int i = 1; i <= 2; i++) {
            List<String> billing = new ArrayList<>(common);
            billing.addAll(List.of("--spring.datasource.url=" + postgres.jdbcUrl("paybus_billing"),
                    "--paybus.billing.stripe.api-base=" + stub.baseUrl(),
                    "--paybus.billing.stripe.api-key=" + Stack.STUB_API_KEY,
                    "--paybus.billing.schedule-interval=2s"));
            instances.put("billing-" + i, new Instance("billing-" + i, "billing-service", billing, Map.of()));
        }
        // One at a time against the database's migrations, then all healthy.
        for (Instance instance : instances.values()) {
            instance.start();
            instance.process.awaitHealthy(HEALTHY);
        }
        provider = new ProviderLoad(credentials.stripeWebhookSecret(), ClusterFaultIT::ingestUrls, 42);
    }

    @AfterAll
    static void stop() {
        if (!table.isEmpty()) {
            List<String> lines = new ArrayList<>();
            lines.add("Cluster fault suite, " + java.time.LocalDate.now() + ", " + Runtime.getRuntime().availableProcessors()
                    + " cores (3 controllers, 3 brokers, replication 3, min.insync 2; 2 ingest, 2 order, 2 billing"
                    + " instances; " + ORDERS_PER_ROUND + " orders per fault, each paid, every third partly refunded,"
                    + " 1-3 copies of each event in any order):");
            lines.add(String.format("%-46s %6s %6s %6s %6s %9s %5s %5s", "fault", "sent", "acked", "503s", "errors",
                    "recovered", "lost", "dups"));
            lines.addAll(table);
            lines.forEach(System.out::println);
            try {
                Files.write(Path.of("target", "cluster-faults.txt"), lines);
            } catch (java.io.IOException e) {
                System.out.println("(could not write target/cluster-faults.txt: " + e + ")");
            }
        }
        if (provider != null) {
            provider.close();
        }
        instances.values().forEach(instance -> {
            if (instance.alive()) {
                instance.process.stop();
            }
        });
        if (stub != null) {
            stub.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    @Order(1)
    void theLeaderOfTheBusiestPartitionIsKilledAndRestarted() throws Exception {
        round("1. kill -9 the busiest partition's leader", load -> {
            flowing(load);
            Map<Integer, Integer> leaders = kafka.leaders(Topics.PAYMENTS_INBOUND);
            int busiest = leaders.get(busiestPartition());
            KafkaCluster.Node leader = kafka.broker(busiest);
            leader.kill();
            holds(Duration.ofSeconds(8), () -> !leader.isRunning());
            return () -> {
                leader.start();
                kafka.awaitBrokers(3);
            };
        });
    }

    @Test
    @Order(2)
    void belowMinInsyncReplicasTheIngestAnswers503AndNever2xxUntilTheBrokersReturn() throws Exception {
        ProviderLoad.Tally[] during = new ProviderLoad.Tally[1];
        long[] window = new long[2];
        ProviderLoad.Tally round = round("2. stop two brokers (below min.insync)", load -> {
            KafkaCluster.Node first = kafka.broker(2);
            KafkaCluster.Node second = kafka.broker(3);
            first.stop();
            second.stop();
            // What was in flight when they stopped is answered (or not) within the publish timeout.
            holds(Duration.ofSeconds(12), () -> !first.isRunning() && !second.isRunning());
            window[0] = System.nanoTime();
            during[0] = new ProviderLoad.Tally();
            provider.start("below-isr-" + UUID.randomUUID().toString().substring(0, 6), 10, Duration.ofSeconds(2),
                    during[0]);
            holds(Duration.ofSeconds(15), () -> !first.isRunning() && !second.isRunning());
            window[1] = System.nanoTime();
            return () -> {
                first.start();
                second.start();
                kafka.awaitBrokers(3);
            };
        });
        // A copy of an event Kafka had before the outage is rightly a 200 (the ledger knows it): what must
        // not happen is a new event accepted while Kafka cannot hold it on two replicas.
        long acceptedInWindow = java.util.stream.Stream.concat(during[0].firstAcknowledged.values().stream(),
                round.firstAcknowledged.values().stream()).filter(at -> at > window[0] && at < window[1]).count();
        assertThat(acceptedInWindow).as("new events acknowledged while two of three brokers were down").isZero();
        // The outage is the round's only cause of a 503 (the probes, queued behind the round's batches, may
        // be answered only after the brokers are back, and rightly 200 then).
        assertThat(round.unavailable.get() + during[0].unavailable.get()).as("503 answers while two of three"
                + " brokers were down").isPositive();
        assertThat(provider.awaitDelivered(during[0], Duration.ofMinutes(3))).as("the provider's retries were"
                + " accepted once the brokers returned").isTrue();
    }

    @Test
    @Order(3)
    void anOrderInstanceKilledMidBatchHandsItsPartitionsToTheOther() throws Exception {
        round("3. kill -9 one order-service instance", load -> {
            flowing(load);
            Instance order = instances.get("order-1");
            order.process.kill();
            holds(Duration.ofSeconds(10), () -> !order.alive());
            return () -> {
                order.start();
                order.process.awaitHealthy(HEALTHY);
            };
        });
    }

    @Test
    @Order(4)
    void anIngestInstanceKilledWithRequestsInFlightLosesNothingTheProviderDidNotRetry() throws Exception {
        round("4. kill -9 one ingest instance", load -> {
            flowing(load);
            Instance ingest = instances.get("ingest-1");
            ingest.process.kill();
            holds(Duration.ofSeconds(10), () -> !ingest.alive());
            return () -> {
                ingest.start();
                ingest.process.awaitHealthy(HEALTHY);
            };
        });
    }

    @Test
    @Order(5)
    void postgresqlRestartedUnderLoad() throws Exception {
        round("5. restart PostgreSQL", load -> {
            flowing(load);
            postgres.close();
            holds(Duration.ofSeconds(3), () -> !accepts(postgresPort));
            return () -> postgres = PostgresServer.start(data.resolve("postgres"), postgresPort);
        });
    }

    @Test
    @Order(6)
    void aBrokerFrozenLongerThanTheProducersDeliveryTimeout() throws Exception {
        round("6. SIGSTOP a broker for 25 s (> delivery timeout)", load -> {
            flowing(load);
            KafkaCluster.Node frozen = kafka.broker(kafka.leaders(Topics.PAYMENTS_INBOUND).get(busiestPartition()));
            frozen.pause();
            holds(Duration.ofSeconds(25), frozen::isRunning);
            return frozen::resume;
        });
    }

    @Test
    @Order(7)
    void twoBillingInstancesChargeEachDuePeriodOnce() throws Exception {
        int count = 20;
        long began = System.nanoTime();
        long now = java.time.Instant.now().getEpochSecond();
        long periodEnd = now + 20;
        String prefix = "sub_f7" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        ProviderLoad.Tally tally = new ProviderLoad.Tally();
        io.paybus.infra.samples.StripeSamples samples = io.paybus.infra.samples.StripeSamples.load();
        List<String> subscriptions = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            String subscription = prefix + n;
            subscriptions.add(subscription);
            String body = samples.subscriptionCreated("evt_" + subscription, subscription, "cus_" + subscription,
                    "price_pro_monthly", periodEnd - 30 * 86_400, periodEnd, now);
            tally.attempts.incrementAndGet();
            String ingest = ingestUrls().get(n % 2);
            int status = StackCalls.send(HttpRequest.newBuilder(URI.create(ingest + "/webhooks/stripe"))
                    .header("Content-Type", "application/json")
                    .header("Stripe-Signature", io.paybus.infra.samples.StripeSamples.sign(body,
                            credentials.stripeWebhookSecret(), now)).POST(HttpRequest.BodyPublishers.ofString(body))
                    .build()).statusCode();
            if (status == 200) {
                tally.acknowledged.incrementAndGet();
            }
        }
        String expectedStart = java.time.Instant.ofEpochSecond(periodEnd).toString();
        List<String> notRenewed = new ArrayList<>(subscriptions);
        try {
            await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500)).until(() -> {
                notRenewed.removeIf(subscription -> {
                    try {
                        return get(billingUrl(), "/subscriptions/" + subscription).contains("\"currentPeriodStart\":\""
                                + expectedStart + "\"");
                    } catch (Exception e) {
                        return false;
                    }
                });
                return notRenewed.isEmpty();
            });
        } catch (org.awaitility.core.ConditionTimeoutException late) {
            // reported below, with the subscriptions still waiting
        }
        double recovered = (System.nanoTime() - began) / 1e9 - Math.max(0, periodEnd - now);
        // Both schedulers keep running: a second charge would show within a few of their rounds.
        Map<String, Integer> invoicesNow = new HashMap<>();
        subscriptions.forEach(subscription -> invoicesNow.put(subscription, stub.invoicesOf(subscription)));
        holds(Duration.ofSeconds(6), () -> subscriptions.stream()
                .allMatch(subscription -> stub.invoicesOf(subscription) == invoicesNow.get(subscription)));
        int extraCharges = 0;
        List<String> charges = new ArrayList<>();
        for (String subscription : subscriptions) {
            int invoices = stub.invoicesOf(subscription);
            extraCharges += Math.max(0, invoices - 1);
            if (invoices != 1) {
                charges.add(subscription + ": " + invoices);
            }
        }
        table.add(String.format("%-46s %6d %6d %6d %6d %8.1fs %5d %5d", "7. two billing instances, " + count
                        + " renewals due", tally.attempts.get(), tally.acknowledged.get(), 0,
                tally.attempts.get() - tally.acknowledged.get(), recovered, notRenewed.size(), extraCharges));
        System.out.println("fault round: " + table.get(table.size() - 1));
        assertThat(tally.acknowledged.get()).isEqualTo(count);
        assertThat(notRenewed).as("subscriptions whose due period was not renewed").isEmpty();
        assertThat(charges).as("subscriptions charged other than once for the period").isEmpty();
    }

    @FunctionalInterface
    private interface Fault {
        /** Injects the fault (under load) and answers how to heal it. */
        Heal inject(ProviderLoad.Tally load) throws Exception;
    }

    @FunctionalInterface
    private interface Heal {
        void run() throws Exception;
    }

    /** A round: load with a fault in its middle, then the invariants, then a row of the table. */
    private ProviderLoad.Tally round(String name, Fault fault) throws Exception {
        ProviderLoad.Tally tally = new ProviderLoad.Tally();
        String prefix = "f" + (table.size() + 1) + "-" + UUID.randomUUID().toString().substring(0, 6);
        List<ProviderLoad.PlannedOrder> orders = provider.start(prefix, ORDERS_PER_ROUND, SPREAD, tally);
        Heal heal = fault.inject(tally);
        heal.run();
        long healedAt = System.nanoTime();
        assertThat(provider.awaitDelivered(tally, Duration.ofMinutes(4))).as(name + ": every delivery acknowledged"
                + " in the end (the provider retries)").isTrue();
        assertThat(tally.givenUp.get()).as(name + ": deliveries the provider gave up on").isZero();
        Map<String, String> wrong = awaitExpectedStates(orders, Duration.ofMinutes(3));
        double recovered = (System.nanoTime() - healedAt) / 1e9;
        int lost = 0;
        int duplicates = 0;
        for (ProviderLoad.PlannedOrder order : orders) {
            JsonNode history = JSON.readTree(get(orderUrl(), "/orders/" + order.orderId() + "/history?limit=1000"));
            Map<String, Integer> entries = new HashMap<>();
            for (JsonNode event : history.path("events")) {
                entries.merge(event.path("providerEventId").asText(), 1, Integer::sum);
            }
            for (String event : order.eventIds()) {
                if (tally.acknowledgedEvents.contains(event) && !entries.containsKey(event)) {
                    lost++;
                }
                duplicates += Math.max(0, entries.getOrDefault(event, 0) - 1);
            }
        }
        int republished = publishedTwiceUnderDifferentIds(prefix);
        table.add(String.format("%-46s %6d %6d %6d %6d %8.1fs %5d %5d", name, tally.attempts.get(),
                tally.acknowledged.get(), tally.unavailable.get(), tally.failed.get(), recovered, lost,
                duplicates + republished));
        System.out.println("fault round: " + table.get(table.size() - 1));
        assertThat(wrong).as(name + ": orders not in the state their events imply").isEmpty();
        assertThat(lost).as(name + ": acknowledged deliveries missing from the event store").isZero();
        assertThat(duplicates).as(name + ": duplicate history entries").isZero();
        assertThat(republished).as(name + ": public events published twice under different ids").isZero();
        return tally;
    }

    private Map<String, String> awaitExpectedStates(List<ProviderLoad.PlannedOrder> orders, Duration timeout)
            throws Exception {
        Map<String, String> wrong = new LinkedHashMap<>();
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(500)).until(() -> {
                wrong.clear();
                for (ProviderLoad.PlannedOrder order : orders) {
                    String body = get(orderUrl(), "/orders/" + order.orderId());
                    String status = body.replaceAll("(?s).*\"status\":\"([A-Z_]+)\".*", "$1");
                    if (!status.equals(order.expectedStatus())) {
                        wrong.put(order.orderId(), (status.length() > 40 ? "missing" : status) + " (expected "
                                + order.expectedStatus() + ")");
                    }
                }
                return wrong.isEmpty();
            });
        } catch (org.awaitility.core.ConditionTimeoutException late) {
            // the caller asserts on what is still wrong
        }
        return wrong;
    }

    /** orders.events of this round's orders: the same change (order, sequence, type) under two event ids. */
    private int publishedTwiceUnderDifferentIds(String prefix) throws Exception {
        Map<String, Set<String>> ids = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.ORDERS_EVENTS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.key() != null && record.key().startsWith(prefix + "-")) {
                        JsonNode event = JSON.readTree(record.value());
                        ids.computeIfAbsent(record.key() + "#" + event.path("sequence").asLong() + "#"
                                + event.path("type").asText(), k -> new HashSet<>()).add(event.path("eventId").asText());
                    }
                }
            }
        }
        assertThat(ids).as("the round's orders were published").isNotEmpty();
        return (int) ids.values().stream().filter(set -> set.size() > 1).count();
    }

    /** Deliveries of the round are being acknowledged: the fault comes under load, not before it. */
    private static void flowing(ProviderLoad.Tally load) {
        await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged.get() >= 20);
    }

    /** The fault lasts {@code length}: its condition holds all that time. */
    private static void holds(Duration length, java.util.concurrent.Callable<Boolean> fault) {
        await().during(length).atMost(length.plusSeconds(10)).pollInterval(Duration.ofMillis(250)).until(fault);
    }

    private static boolean accepts(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (java.io.IOException refused) {
            return false;
        }
    }

    private static int busiestPartition() {
        return kafka.busiestPartition(Topics.PAYMENTS_INBOUND);
    }

    private static List<String> ingestUrls() {
        List<String> urls = instances.values().stream().filter(i -> i.module.equals("ingest-service"))
                .map(Instance::url).toList();
        return urls;
    }

    private static String billingUrl() {
        return instances.values().stream().filter(i -> i.module.equals("billing-service") && i.alive())
                .map(Instance::url).findFirst().orElseThrow();
    }

    private static String orderUrl() {
        return instances.values().stream().filter(i -> i.module.equals("order-service") && i.alive())
                .map(Instance::url).findFirst().orElseThrow();
    }

    private static String get(String service, String path) throws Exception {
        HttpResponse<String> answer = StackCalls.send(HttpRequest.newBuilder(URI.create(service + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + credentials.merchantKey()).GET().build());
        return answer.body();
    }
}
