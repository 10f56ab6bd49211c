package io.paybus.deploy;

import io.paybus.events.Topics;
import io.paybus.infra.KafkaBroker;
import io.paybus.infra.Ports;
import io.paybus.infra.PostgresServer;
import io.paybus.infra.samples.StripeSamples;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Benchmark of the ingest service: signed Stripe deliveries verified and published per second,
 * with p50/p99 latency, at several numbers of concurrent connections; with and without the
 * durable redelivery ledger; and the same server answering a bare 200 as the ceiling.
 *
 * <p>Everything runs on this machine: a real Kafka broker and PostgreSQL (embedded-infra), the
 * ingest service's real jar with a 512 MB heap, and this load generator (Java's HTTP client, one
 * thread per connection, each sending its next request when the previous answered). Every
 * delivery is a distinct Stripe {@code payment_intent.succeeded} built from Stripe's fixture
 * (about 4 KB), signed per request.
 *
 * <pre>./deploy/bench.sh ingest [--seconds 10] [--warmup 3] [--connections 8,32,128]</pre>
 */
public final class IngestBench {

    private static final String SECRET = "whsec_bench";

    private IngestBench() {
    }

    /** One measured phase. */
    record Result(String what, int connections, long requests, long errors, double seconds, Histogram latency) {
        double perSecond() {
            return requests / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = 10;
        int warmup = 3;
        List<Integer> levels = List.of(8, 32, 128);
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "--connections" -> levels = java.util.Arrays.stream(args[i + 1].split(","))
                        .map(String::trim).map(Integer::valueOf).toList();
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path home = Path.of(System.getProperty("paybus.home", ".")).toAbsolutePath().normalize();
        Path data = Files.createTempDirectory("paybus-bench-");
        System.out.printf("Ingest benchmark: %d s per phase after %d s warm-up, connections %s, %d cores%n",
                seconds, warmup, levels, Runtime.getRuntime().availableProcessors());
        List<Result> results = new ArrayList<>();
        try (PostgresServer postgres = PostgresServer.start(data.resolve("postgres"), Ports.free());
             KafkaBroker kafka = KafkaBroker.start(data.resolve("kafka"), Ports.free(), Ports.free(), "512m")) {
            System.out.println("PostgreSQL " + postgres.durability() + " (durable figures are measured as production commits)");
            kafka.createTopics(Topics.ALL, 6);
            String template = StripeSamples.load().paymentIntentSucceeded("evt_BENCHID", "order-BENCHID",
                    "pi_BENCHID", 1099, "eur", 0).replace("\"created\" : 0", "\"created\" : CREATED");
            for (boolean dedup : new boolean[] {false, true}) {
                int port = Ports.free();
                ServiceProcess ingest = ServiceProcess.start("ingest-service", home.resolve("ingest-service/target/ingest-service.jar"),
                        port, Ports.free(), Stack.oneBroker("--spring.profiles.active=local,bench",
                                "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                                "--spring.datasource.url=" + postgres.jdbcUrl("paybus_ingest_bench"),
                                "--spring.datasource.username=" + PostgresServer.USER,
                                "--paybus.ingest.stripe.secrets[0]=" + SECRET,
                                "--paybus.ingest.dedup.enabled=" + dedup,
                                "--server.tomcat.threads.max=200",
                                "--logging.level.root=WARN"),
                        Map.of(), data.resolve("logs").resolve("ingest-" + (dedup ? "dedup" : "nodedup") + ".log"),
                        "512m");
                ingest.awaitHealthy(Duration.ofSeconds(120));
                String base = "http://127.0.0.1:" + port;
                if (!dedup) {
                    for (int n : levels) {
                        results.add(run("bare 200 (ceiling)", base + "/bench/ok", template, n, warmup, seconds));
                    }
                }
                for (int n : levels) {
                    results.add(run(dedup ? "webhook, durable dedup" : "webhook, no dedup",
                            base + "/webhooks/stripe", template, n, warmup, seconds));
                }
                System.out.printf("  ingest heap after %s: %s%n", dedup ? "dedup runs" : "no-dedup runs",
                        heapUsed(ingest.managementUrl()));
                ingest.stop();
            }
        }
        print(results);
        System.exit(0);
    }

    private static Result run(String what, String url, String template, int connections, int warmup, int seconds)
            throws Exception {
        System.out.printf("  %-24s %4d connections ...", what, connections);
        System.out.flush();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(4)).build();
        AtomicLong ids = new AtomicLong();
        long warmupEnd = System.nanoTime() + Duration.ofSeconds(warmup).toNanos();
        long end = warmupEnd + Duration.ofSeconds(seconds).toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        List<Future<long[]>> counts = new ArrayList<>();
        List<Histogram> histograms = new ArrayList<>();
        String run = Long.toHexString(System.nanoTime());
        for (int c = 0; c < connections; c++) {
            Histogram histogram = new Histogram(Duration.ofSeconds(30).toNanos(), 3);
            histograms.add(histogram);
            counts.add(pool.submit(() -> {
                long ok = 0;
                long errors = 0;
                while (true) {
                    long now = System.nanoTime();
                    if (now >= end) {
                        return new long[] {ok, errors};
                    }
                    String id = run + "_" + ids.incrementAndGet();
                    long t = Instant.now().getEpochSecond();
                    String body = template.replace("BENCHID", id).replace("CREATED", Long.toString(t));
                    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                            .header("Content-Type", "application/json")
                            .header("Stripe-Signature", StripeSamples.sign(body, SECRET, t))
                            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
                    long began = System.nanoTime();
                    int status;
                    try {
                        status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (IOException e) {
                        status = -1;
                    }
                    long took = System.nanoTime() - began;
                    if (began >= warmupEnd) {
                        if (status == 200) {
                            ok++;
                            histogram.recordValue(Math.min(took, histogram.getHighestTrackableValue()));
                        } else {
                            errors++;
                        }
                    }
                }
            }));
        }
        long requests = 0;
        long errors = 0;
        for (Future<long[]> f : counts) {
            long[] c = f.get();
            requests += c[0];
            errors += c[1];
        }
        pool.shutdown();
        Histogram all = new Histogram(Duration.ofSeconds(30).toNanos(), 3);
        histograms.forEach(all::add);
        Result result = new Result(what, connections, requests, errors, seconds, all);
        System.out.printf(" %,9.0f/s  p50 %6.2f ms  p99 %6.2f ms  errors %d%n", result.perSecond(),
                ms(all.getValueAtPercentile(50)), ms(all.getValueAtPercentile(99)), errors);
        return result;
    }

    private static void print(List<Result> results) {
        System.out.println();
        System.out.println("| phase | connections | deliveries/s | p50 ms | p99 ms | errors |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %.2f | %.2f | %d |%n", r.what(), r.connections(),
                    r.perSecond(), ms(r.latency().getValueAtPercentile(50)), ms(r.latency().getValueAtPercentile(99)),
                    r.errors());
        }
        double ceiling = results.stream().filter(r -> r.what().startsWith("bare")).mapToDouble(Result::perSecond)
                .max().orElse(0);
        double noDedup = results.stream().filter(r -> r.what().equals("webhook, no dedup"))
                .mapToDouble(Result::perSecond).max().orElse(0);
        double dedup = results.stream().filter(r -> r.what().equals("webhook, durable dedup"))
                .mapToDouble(Result::perSecond).max().orElse(0);
        System.out.println();
        System.out.printf(Locale.ROOT, "best: ceiling %.0f/s; webhook %.0f/s without dedup (%.0f%% of ceiling; "
                + "target >= 15000/s and >= 60%%); %.0f/s with durable dedup (target >= 5000/s)%n",
                ceiling, noDedup, ceiling == 0 ? 0 : 100 * noDedup / ceiling, dedup);
    }

    /** A service's heap in use, from Prometheus on its management port, as "N MB of 512 MB". */
    static String heapUsed(String managementUrl) {
        try {
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(managementUrl + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            double bytes = body.lines().filter(l -> l.startsWith("jvm_memory_used_bytes{") && l.contains("area=\"heap\""))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
            return String.format(Locale.ROOT, "%.0f MB of 512 MB", bytes / 1e6);
        } catch (IOException | InterruptedException | RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
