package io.paybus.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker in KRaft mode (combined broker and controller), running
 * {@code kafka.Kafka} from the Maven Central jars in a child JVM.
 *
 * <p>The log directory survives {@link #stop()}: {@link #start()} again brings the same broker
 * back with its data, as a restarted production broker would. The broker listens on loopback
 * only.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Path directory;
    private final int port;
    private final int controllerPort;
    private final String heap;
    private Process process;

    private KafkaBroker(Path directory, int port, int controllerPort, String heap) {
        this.directory = directory;
        this.port = port;
        this.controllerPort = controllerPort;
        this.heap = heap;
    }

    /**
     * Formats {@code directory} if it holds no broker yet, starts the broker and waits until it
     * answers.
     *
     * @param heap maximum heap of the broker JVM, e.g. {@code "512m"}
     */
    public static KafkaBroker start(Path directory, int port, int controllerPort, String heap) {
        KafkaBroker broker = new KafkaBroker(directory.toAbsolutePath(), port, controllerPort, heap);
        broker.start();
        return broker;
    }

    /** A broker on free ports in a fresh temporary directory, for tests. */
    public static KafkaBroker startTemporary() {
        try {
            return start(Files.createTempDirectory("paybus-kafka-"), Ports.free(), Ports.free(), "384m");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path logFile() {
        return directory.resolve("broker.log");
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts the broker (again) on its directory and waits until it answers. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        long began = System.nanoTime();
        try {
            Path config = writeConfig();
            if (!Files.exists(directory.resolve("data").resolve("meta.properties"))) {
                ChildJvm.run(List.of("-Xmx128m"), "kafka.tools.StorageTool",
                        List.of("format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()),
                        logFile(), 60);
            }
            List<String> jvm = List.of("-Xms" + heap, "-Xmx" + heap, "-XX:+UseG1GC", "-Djava.awt.headless=true",
                    "-Dlogback.configurationFile=" + directory.resolve("logback.xml"));
            process = ChildJvm.start(jvm, BrokerMain.class.getName(),
                    List.of(Long.toString(ProcessHandle.current().pid()), config.toString()), logFile());
            awaitReady();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Kafka in " + directory, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting Kafka", e);
        }
        log.info("Kafka broker ready on {} in {} ms (data in {})", bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began), directory);
    }

    /** Stops the broker cleanly (SIGTERM, controlled shutdown), killing it if it hangs. Data stays. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                log.warn("Kafka broker did not stop in 30 s, killing it");
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
    }

    /** Creates the topics that do not exist yet. */
    public void createTopics(Collection<String> names, int partitions) {
        createTopics(bootstrapServers(), names, partitions);
    }

    /** Creates the topics that do not exist yet on any broker (replication factor 1: local use). */
    public static void createTopics(String bootstrapServers, Collection<String> names, int partitions) {
        try (Admin admin = admin(bootstrapServers)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String name : names) {
                if (!existing.contains(name)) {
                    missing.add(new NewTopic(name, partitions, (short) 1));
                }
            }
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topics " + names, e.getCause());
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topics " + names, e);
        }
    }

    public Admin admin() {
        return admin(bootstrapServers());
    }

    private static Admin admin(String bootstrapServers) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
    }

    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka exited with " + process.exitValue() + ":\n"
                        + ChildJvm.tail(logFile(), 30));
            }
            if (!acceptsConnections()) {
                // Not listening yet: asking with an admin client now would only log refusals.
                Thread.sleep(100);
                continue;
            }
            try (Admin admin = admin()) {
                if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                    return;
                }
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                last = e;
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new IllegalStateException("Kafka did not answer within " + READY_TIMEOUT + " (" + last + "):\n"
                + ChildJvm.tail(logFile(), 30));
    }

    private boolean acceptsConnections() {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The log settings of a Kafka child JVM: its own lines at INFO, Kafka's chatter at WARN. */
    static void writeLogConfig(Path file) throws IOException {
        Files.writeString(file, """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{ISO8601} %-5level [%logger{20}] %msg%n</pattern></encoder>
                  </appender>
                  <logger name="org.apache.kafka" level="WARN"/>
                  <logger name="kafka" level="WARN"/>
                  <logger name="state.change.logger" level="WARN"/>
                  <logger name="kafka.server.KafkaRaftServer" level="INFO"/>
                  <root level="INFO"><appender-ref ref="OUT"/></root>
                </configuration>
                """);
    }

    private Path writeConfig() throws IOException {
        Files.createDirectories(directory);
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", directory.resolve("data").toString());
        p.setProperty("num.partitions", "3");
        // Topics are declared by the services (and by the tests); a typo must not create one.
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "10");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("min.insync.replicas", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        Path config = directory.resolve("server.properties");
        try (var out = Files.newBufferedWriter(config)) {
            p.store(out, "written by Paybus embedded-infra; regenerated at every start");
        }
        writeLogConfig(directory.resolve("logback.xml"));
        return config;
    }
}
