package io.paybus.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One Paybus service running from its executable jar in its own JVM. */
final class ServiceProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final String managementUrl;
    private final Path log;
    private final Process process;

    private ServiceProcess(String name, String managementUrl, Path log, Process process) {
        this.name = name;
        this.managementUrl = managementUrl;
        this.log = log;
        this.process = process;
    }

    /** A service on {@code port}, its health probes and Prometheus on {@code managementPort}. */
    static ServiceProcess start(String name, Path jar, int port, int managementPort, List<String> arguments,
            Map<String, String> environment, Path log, String heap) throws IOException {
        return start(name, jar, port, managementPort, arguments, environment, log, heap, List.of());
    }

    /** As above, with JVM flags of this service's own (after the common ones, so they win). */
    static ServiceProcess start(String name, Path jar, int port, int managementPort, List<String> arguments,
            Map<String, String> environment, Path log, String heap, List<String> jvmOptions) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build first (./mvnw -DskipTests package)");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx" + heap, "-XX:+UseSerialGC", "-XX:MaxMetaspaceSize=192m"));
        command.addAll(jvmOptions);
        command.addAll(extraJvmOptions(name));
        command.addAll(List.of(
                "-jar", jar.toString(),
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--management.server.port=" + managementPort,
                "--management.server.address=127.0.0.1"));
        command.addAll(arguments);
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        return new ServiceProcess(name, "http://127.0.0.1:" + managementPort, log, builder.start());
    }

    /**
     * Flags for every service's JVM from {@code PAYBUS_SERVICE_JVM_OPTIONS} (space-separated;
     * {@code {name}} becomes the service's name and {@code {time}} the launch's epoch milliseconds,
     * so a service a bench restarts does not overwrite its first recording), for a profile or a
     * class-data archive:
     * {@code PAYBUS_SERVICE_JVM_OPTIONS='-XX:StartFlightRecording=filename=/tmp/{name}.jfr,settings=profile'}.
     */
    static List<String> extraJvmOptions(String name) {
        String options = System.getenv().getOrDefault("PAYBUS_SERVICE_JVM_OPTIONS", "").trim();
        if (options.isEmpty()) {
            return List.of();
        }
        String time = Long.toString(System.currentTimeMillis());
        return java.util.Arrays.stream(options.split("\\s+"))
                .map(o -> o.replace("{name}", name).replace("{time}", time)).toList();
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    /** Where its health probes and Prometheus answer. */
    String managementUrl() {
        return managementUrl;
    }

    /** Waits until {@code /actuator/health} answers UP; fails early, with its log, if the JVM dies. */
    void awaitHealthy(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; last lines of "
                        + log + ":\n" + tail(40));
            }
            try {
                HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(managementUrl + "/actuator/health"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " not healthy within " + timeout + "; last lines of " + log + ":\n"
                + tail(40));
    }

    /** SIGTERM (graceful: in-flight requests finish), then a kill after 20 s. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** {@code kill -9}: no shutdown hook, no graceful end of in-flight requests or consumer batches. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    private String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
