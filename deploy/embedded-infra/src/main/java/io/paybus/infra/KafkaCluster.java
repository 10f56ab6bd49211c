package io.paybus.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real multi-node Kafka cluster in KRaft mode for fault tests: a quorum of controllers and a set
 * of brokers, each node its own child JVM ({@code kafka.Kafka}) with its own log directory, so a
 * node can be killed ({@code SIGKILL}), stopped, paused ({@code SIGSTOP}) and resumed, and
 * restarted on its data. Brokers default to what production uses: replication 3 and
 * {@code min.insync.replicas} 2 for the internal topics too.
 */
public final class KafkaCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaCluster.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    /** One node: a controller (ids from 101) or a broker (ids from 1). */
    public final class Node {
        private final int id;
        private final boolean controller;
        private final int port;
        private final Path directory;
        private Process process;

        private Node(int id, boolean controller, int port) {
            this.id = id;
            this.controller = controller;
            this.port = port;
            this.directory = root.resolve((controller ? "controller-" : "broker-") + id);
        }

        public int id() {
            return id;
        }

        public int port() {
            return port;
        }

        public synchronized boolean isRunning() {
            return process != null && process.isAlive();
        }

        /** Starts the node (again) on its directory; for a broker, waits until it listens. */
        public synchronized void start() {
            if (isRunning()) {
                return;
            }
            try {
                Path config = writeConfig(this);
                if (!Files.exists(directory.resolve("data").resolve("meta.properties"))) {
                    ChildJvm.run(List.of("-Xmx128m"), "kafka.tools.StorageTool", List.of("format", "-t", clusterId,
                            "-c", config.toString()), directory.resolve("node.log"), 60);
                }
                process = ChildJvm.start(List.of("-Xms" + heap(), "-Xmx" + heap(), "-XX:+UseSerialGC",
                                "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true",
                                "-Dlogback.configurationFile=" + directory.resolve("logback.xml")),
                        BrokerMain.class.getName(), List.of(Long.toString(ProcessHandle.current().pid()),
                                config.toString()), directory.resolve("node.log"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start Kafka node " + id + " in " + directory, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (!controller) {
                awaitListening();
            }
        }

        /** {@code kill -9}: no shutdown, no flush. */
        public synchronized void kill() {
            if (process != null) {
                process.destroyForcibly();
                waitFor(process);
                process = null;
            }
        }

        /** A clean stop (SIGTERM: a broker moves its leaderships away first). */
        public synchronized void stop() {
            if (process != null) {
                process.destroy();
                if (!waitFor(process)) {
                    process.destroyForcibly();
                    waitFor(process);
                }
                process = null;
            }
        }

        /** {@code SIGSTOP}: the process is frozen, its sockets stay open; {@link #resume()} thaws it. */
        public synchronized void pause() {
            signal("STOP");
        }

        public synchronized void resume() {
            signal("CONT");
        }

        private String heap() {
            return controller ? "160m" : "320m";
        }

        private void signal(String signal) {
            if (process == null) {
                throw new IllegalStateException("node " + id + " is not running");
            }
            try {
                Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
                if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                    throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private void awaitListening() {
            long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Kafka node " + id + " exited with " + process.exitValue() + ":\n"
                            + ChildJvm.tail(directory.resolve("node.log"), 30));
                }
                try (java.net.Socket socket = new java.net.Socket()) {
                    socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
                    return;
                } catch (IOException notYet) {
                    sleep(100);
                }
            }
            throw new IllegalStateException("Kafka node " + id + " did not listen within " + READY_TIMEOUT);
        }

        @Override
        public String toString() {
            return (controller ? "controller " : "broker ") + id + " (127.0.0.1:" + port + ")";
        }
    }

    private final Path root;
    private final String clusterId = Uuid.randomUuid().toString();
    private final Map<Integer, Node> controllers = new LinkedHashMap<>();
    private final Map<Integer, Node> brokers = new LinkedHashMap<>();

    private KafkaCluster(Path root, int controllerCount, int brokerCount) {
        this.root = root;
        for (int i = 1; i <= controllerCount; i++) {
            controllers.put(100 + i, new Node(100 + i, true, Ports.free()));
        }
        for (int i = 1; i <= brokerCount; i++) {
            brokers.put(i, new Node(i, false, Ports.free()));
        }
    }

    /** Starts {@code controllers} controllers and {@code brokers} brokers in a fresh temporary directory. */
    public static KafkaCluster start(int controllers, int brokers) {
        try {
            KafkaCluster cluster = new KafkaCluster(Files.createTempDirectory("paybus-kafka-cluster-"), controllers,
                    brokers);
            long began = System.nanoTime();
            cluster.controllers.values().forEach(Node::start);
            cluster.brokers.values().parallelStream().forEach(Node::start);
            cluster.awaitBrokers(brokers);
            log.info("Kafka cluster of {} controller(s) and {} broker(s) ready in {} ms: {}", controllers, brokers,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began), cluster.bootstrapServers());
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return brokers.values().stream().map(b -> "127.0.0.1:" + b.port()).collect(Collectors.joining(","));
    }

    public Node broker(int id) {
        return brokers.get(id);
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                15000));
    }

    /** Waits until {@code count} brokers are registered with the controllers. */
    public void awaitBrokers(int count) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try (Admin admin = admin()) {
                if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() >= count) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            sleep(250);
        }
        throw new IllegalStateException("fewer than " + count + " brokers registered within " + READY_TIMEOUT
                + " (" + last + ")");
    }

    /** The leader of each partition of {@code topic} (-1 while it has none). */
    public Map<Integer, Integer> leaders(String topic) {
        try (Admin admin = admin()) {
            Map<Integer, Integer> leaders = new LinkedHashMap<>();
            for (TopicPartitionInfo partition : admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(15, TimeUnit.SECONDS).get(topic).partitions()) {
                leaders.put(partition.partition(), partition.leader() == null ? -1 : partition.leader().id());
            }
            return leaders;
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe " + topic, e);
        }
    }

    /** The partition of {@code topic} holding the most records (the highest end offset). */
    public int busiestPartition(String topic) {
        try (Admin admin = admin()) {
            int count = admin.describeTopics(List.of(topic)).allTopicNames().get(15, TimeUnit.SECONDS).get(topic)
                    .partitions().size();
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest =
                    new LinkedHashMap<>();
            for (int p = 0; p < count; p++) {
                latest.put(new org.apache.kafka.common.TopicPartition(topic, p),
                        org.apache.kafka.clients.admin.OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get(15, TimeUnit.SECONDS).entrySet().stream()
                    .max(java.util.Comparator.comparingLong(e -> e.getValue().offset()))
                    .map(e -> e.getKey().partition()).orElse(0);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the end offsets of " + topic, e);
        }
    }

    @Override
    public void close() {
        brokers.values().forEach(Node::kill);
        controllers.values().forEach(Node::kill);
    }

    private Path writeConfig(Node node) throws IOException {
        Files.createDirectories(node.directory);
        Properties p = new Properties();
        p.setProperty("node.id", Integer.toString(node.id));
        p.setProperty("process.roles", node.controller ? "controller" : "broker");
        p.setProperty("controller.quorum.voters", controllers.values().stream()
                .map(c -> c.id + "@127.0.0.1:" + c.port).collect(Collectors.joining(",")));
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        if (node.controller) {
            p.setProperty("listeners", "CONTROLLER://127.0.0.1:" + node.port);
        } else {
            p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + node.port);
            p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + node.port);
            p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        }
        int replicas = Math.min(3, brokers.size());
        int inSync = Math.min(2, replicas);
        p.setProperty("log.dirs", node.directory.resolve("data").toString());
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("unclean.leader.election.enable", "false");
        p.setProperty("default.replication.factor", Integer.toString(replicas));
        p.setProperty("min.insync.replicas", Integer.toString(inSync));
        p.setProperty("offsets.topic.replication.factor", Integer.toString(replicas));
        p.setProperty("offsets.topic.num.partitions", "10");
        p.setProperty("transaction.state.log.replication.factor", Integer.toString(replicas));
        p.setProperty("transaction.state.log.min.isr", Integer.toString(inSync));
        p.setProperty("share.coordinator.state.topic.replication.factor", Integer.toString(replicas));
        p.setProperty("share.coordinator.state.topic.min.isr", Integer.toString(inSync));
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // A broker that stops answering is out of the ISR within 10 s, so a frozen one does not block acks=all long.
        p.setProperty("replica.lag.time.max.ms", "10000");
        p.setProperty("broker.session.timeout.ms", "9000");
        p.setProperty("broker.heartbeat.interval.ms", "2000");
        Path config = node.directory.resolve("server.properties");
        try (var out = Files.newBufferedWriter(config)) {
            p.store(out, "written by Paybus embedded-infra KafkaCluster");
        }
        KafkaBroker.writeLogConfig(node.directory.resolve("logback.xml"));
        return config;
    }

    private static boolean waitFor(Process process) {
        try {
            return process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
