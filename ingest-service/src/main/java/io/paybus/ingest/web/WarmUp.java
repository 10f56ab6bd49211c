package io.paybus.ingest.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.paybus.ingest.IngestProperties;
import io.paybus.ingest.webhook.WarmUpToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * Warms the webhook path up before the instance reports ready. Spring Boot runs this after the
 * server listens and before readiness turns to {@code ACCEPTING_TRAFFIC}, so the instance stays out
 * of the load balancer (readiness probe) while it posts signed Stripe deliveries to its own
 * {@code /webhooks/stripe} over the loopback: Tomcat, the filters, MVC, the signature check, the
 * translation and the envelope's encoding run as for a provider's delivery, and the JIT compiles
 * them. The deliveries carry the {@link WarmUpToken}, so nothing is recorded or published.
 *
 * <p>It stops once the JIT is quiet (compile time below {@code quiet-share} of a second, twice in a
 * row) after {@code min-deliveries}, or at {@code max-duration}, or at the first answer that is not
 * 200 (the instance then starts cold, as without a warm-up). Providers retry into a new deployment
 * at full rate: without it, the first half minute met code still being compiled.
 */
@Component
class WarmUp implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(WarmUp.class);
    private static final String TEMPLATE = "warm-up-payment_intent.succeeded.json";

    private final IngestProperties.WarmUp settings;
    private final IngestProperties.Stripe stripe;
    private final WarmUpToken token;
    private final ApplicationContext context;
    private final String address;
    private final Clock clock;
    private final Counter posted;

    WarmUp(IngestProperties properties, WarmUpToken token, ApplicationContext context,
            @Value("${server.address:}") String address, Clock clock, MeterRegistry meters) {
        this.settings = properties.warmUp();
        this.stripe = properties.stripe();
        this.token = token;
        this.context = context;
        this.address = address;
        this.clock = clock;
        this.posted = Counter.builder("paybus.ingest.warm.up.deliveries")
                .description("the instance's own warm-up deliveries answered before it reported ready").register(meters);
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!settings.enabled()) {
            return;
        }
        Optional<Map.Entry<String, String>> target = target();
        if (target.isEmpty() || !(context instanceof WebServerApplicationContext web)) {
            log.info("warm-up skipped: no Stripe endpoint with a signing secret");
            return;
        }
        try {
            Result result = drive(web.getWebServer().getPort(), target.get().getKey(), target.get().getValue(),
                    token.open());
            log.info("warm-up: {} deliveries in {} ms, the JIT compiling for {} ms of it; {}", result.deliveries,
                    result.millis, result.compileMillis, result.ended);
        } catch (RuntimeException e) {
            log.warn("warm-up ended early, the instance starts cold: {}", e.toString());
        } finally {
            token.close();
        }
    }

    private record Result(long deliveries, long millis, long compileMillis, String ended) {
    }

    private Result drive(int port, String path, String secret, String warmUpToken) {
        String template = template();
        String run = HexFormat.of().toHexDigits((int) System.nanoTime());
        String host = loopback();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong sent = new AtomicLong();
        AtomicReference<String> failure = new AtomicReference<>();
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean jitTimed = jit != null && jit.isCompilationTimeMonitoringSupported();
        long compileBefore = jitTimed ? jit.getTotalCompilationTime() : 0;
        long began = System.nanoTime();
        ExecutorService senders = Executors.newFixedThreadPool(Math.max(1, settings.concurrency()), r -> {
            Thread t = new Thread(r, "ingest-warm-up");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int i = 0; i < Math.max(1, settings.concurrency()); i++) {
                senders.execute(() -> {
                    Mac mac = hmac(secret);
                    try (LoopbackConnection connection = new LoopbackConnection(host, port, 10_000)) {
                        while (!stop.get()) {
                            long n = sent.incrementAndGet();
                            long now = clock.instant().getEpochSecond();
                            String body = template.replace("WARMUPID", "warmup" + run + n)
                                    .replace("CREATED", Long.toString(now));
                            String signed = now + "." + body;
                            String signature = "t=" + now + ",v1="
                                    + HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
                            int status = connection.post(path, Map.of("Content-Type", "application/json",
                                    "Stripe-Signature", signature, WarmUpToken.HEADER, warmUpToken),
                                    body.getBytes(StandardCharsets.UTF_8));
                            if (status != 200) {
                                failure.compareAndSet(null, "answered " + status);
                                stop.set(true);
                            } else {
                                posted.increment();
                            }
                        }
                    } catch (IOException | RuntimeException e) {
                        failure.compareAndSet(null, e.toString());
                        stop.set(true);
                    }
                });
            }
            String ended = watch(stop, failure, jitTimed ? jit : null, began);
            return new Result((long) posted.count(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began),
                    jitTimed ? jit.getTotalCompilationTime() - compileBefore : -1, ended);
        } finally {
            stop.set(true);
            senders.shutdown();
            try {
                senders.awaitTermination(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits, a second at a time, for a reason to stop; says which. */
    private String watch(AtomicBoolean stop, AtomicReference<String> failure, CompilationMXBean jit, long began) {
        long deadline = began + settings.maxDuration().toNanos();
        long compiled = jit == null ? 0 : jit.getTotalCompilationTime();
        int quietSeconds = 0;
        while (true) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
            if (failure.get() != null) {
                throw new IllegalStateException("a warm-up delivery was " + failure.get());
            }
            if (System.nanoTime() >= deadline) {
                return "stopped at max-duration " + settings.maxDuration();
            }
            if (jit != null) {
                long now = jit.getTotalCompilationTime();
                quietSeconds = now - compiled < 1000 * settings.quietShare() ? quietSeconds + 1 : 0;
                compiled = now;
                if (quietSeconds >= 2 && posted.count() >= settings.minDeliveries()) {
                    return "the JIT is quiet";
                }
            } else if (posted.count() >= settings.minDeliveries()) {
                return "min-deliveries posted";
            }
            if (stop.get()) {
                return "stopped";
            }
        }
    }

    /** The path and a signing secret of the default Stripe endpoint, or else of a named one. */
    private Optional<Map.Entry<String, String>> target() {
        if (!stripe.secrets().isEmpty()) {
            return Optional.of(Map.entry("/webhooks/stripe", stripe.secrets().get(0)));
        }
        return stripe.endpoints().entrySet().stream()
                .filter(e -> !e.getValue().secrets().isEmpty())
                .findFirst()
                .map(e -> Map.entry("/webhooks/stripe/" + e.getKey(), e.getValue().secrets().get(0)));
    }

    private String loopback() {
        if (address == null || address.isBlank() || address.equals("0.0.0.0") || address.equals("::")) {
            return "127.0.0.1";
        }
        return address.contains(":") ? "[" + address + "]" : address;
    }

    private static String template() {
        try (InputStream in = WarmUp.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + TEMPLATE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Mac hmac(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
