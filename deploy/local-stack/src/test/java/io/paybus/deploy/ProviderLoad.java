package io.paybus.deploy;

import io.paybus.infra.samples.StripeSamples;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Behaves like a payment provider towards the ingest instances behind a load balancer: every
 * event is delivered at least once, some two or three times (a retry of one that was answered, and
 * sometimes two copies at the same instant), events of an order in any order (a refund may come
 * before the payment), and a delivery that is not answered 2xx is retried with a backoff that
 * doubles, against whichever instance the balancer picks next, until it is.
 */
final class ProviderLoad {

    /** An order of a round and what its events imply. */
    record PlannedOrder(String orderId, List<String> eventIds, String expectedStatus) {
    }

    /** What the provider saw: attempts, acknowledged copies, 503s, other failures, and when a 2xx came. */
    static final class Tally {
        final AtomicInteger attempts = new AtomicInteger();
        final AtomicInteger acknowledged = new AtomicInteger();
        final AtomicInteger unavailable = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger givenUp = new AtomicInteger();
        final Set<String> acknowledgedEvents = ConcurrentHashMap.newKeySet();
        /** When each event was first acknowledged (a later copy may be a 200 "duplicate" from the ledger). */
        final Map<String, Long> firstAcknowledged = new ConcurrentHashMap<>();
        final AtomicInteger pending = new AtomicInteger();
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final StripeSamples samples = StripeSamples.load();
    private final String secret;
    private final Supplier<List<String>> ingestUrls;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4);
    private final AtomicInteger balancer = new AtomicInteger();
    private final Random random;

    ProviderLoad(String secret, Supplier<List<String>> ingestUrls, long seed) {
        this.secret = secret;
        this.ingestUrls = ingestUrls;
        this.random = new Random(seed);
    }

    /**
     * Plans {@code orders} orders named {@code prefix-<n>} (each paid; every third also partly
     * refunded) and schedules their deliveries over {@code spread}; returns at once.
     */
    List<PlannedOrder> start(String prefix, int orders, Duration spread, Tally tally) {
        List<PlannedOrder> planned = new ArrayList<>();
        long now = Instant.now().getEpochSecond();
        for (int n = 0; n < orders; n++) {
            String order = prefix + "-" + n;
            String intent = "pi_" + order.replace("-", "");
            List<Map.Entry<String, String>> events = new ArrayList<>();
            events.add(Map.entry("evt_s_" + order, samples.paymentIntentSucceeded("evt_s_" + order, order, intent,
                    4200, "eur", now)));
            boolean refunded = n % 3 == 0;
            if (refunded) {
                events.add(Map.entry("evt_r_" + order, samples.chargeRefunded("evt_r_" + order, order, intent,
                        "ch_" + order.replace("-", ""), 4200, 1000, "eur", now + 1)));
            }
            planned.add(new PlannedOrder(order, events.stream().map(Map.Entry::getKey).toList(),
                    refunded ? "PARTIALLY_REFUNDED" : "PAID"));
            for (Map.Entry<String, String> event : events) {
                int copies = 1 + random.nextInt(3);
                long at = (long) (random.nextDouble() * spread.toMillis());
                for (int copy = 0; copy < copies; copy++) {
                    // A copy at the same instant now and then (two provider workers), else a later retry.
                    long delay = copy == 0 || random.nextInt(4) == 0 ? at : at + random.nextInt(3000);
                    tally.pending.incrementAndGet();
                    scheduler.schedule(() -> deliver(event.getKey(), event.getValue(), tally, 0, System.nanoTime()),
                            delay, TimeUnit.MILLISECONDS);
                }
            }
        }
        return planned;
    }

    /** Waits until every scheduled copy was acknowledged or given up. */
    boolean awaitDelivered(Tally tally, Duration timeout) throws InterruptedException {
        try {
            org.awaitility.Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(100))
                    .until(() -> tally.pending.get() == 0);
        } catch (org.awaitility.core.ConditionTimeoutException late) {
            // the caller says what was not delivered
        }
        return tally.pending.get() == 0;
    }

    /** Sends one copy without holding a thread while the ingest thinks; the answer decides what follows. */
    private void deliver(String eventId, String body, Tally tally, int attempt, long firstAt) {
        List<String> urls = ingestUrls.get();
        String url = urls.get(Math.floorMod(balancer.getAndIncrement(), urls.size()));
        tally.attempts.incrementAndGet();
        long now = Instant.now().getEpochSecond();
        HTTP.sendAsync(HttpRequest.newBuilder(URI.create(url + "/webhooks/stripe"))
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                        .header("Stripe-Signature", StripeSamples.sign(body, secret, now))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                .whenComplete((response, failure) -> answered(eventId, body, tally, attempt, firstAt,
                        failure == null ? response.statusCode() : -1));
    }

    private void answered(String eventId, String body, Tally tally, int attempt, long firstAt, int status) {
        if (status >= 200 && status < 300) {
            tally.acknowledged.incrementAndGet();
            tally.acknowledgedEvents.add(eventId);
            tally.firstAcknowledged.putIfAbsent(eventId, System.nanoTime());
            tally.pending.decrementAndGet();
            return;
        }
        if (status == 503) {
            tally.unavailable.incrementAndGet();
        } else {
            tally.failed.incrementAndGet();
        }
        if (System.nanoTime() - firstAt > TimeUnit.MINUTES.toNanos(4)) {
            tally.givenUp.incrementAndGet();
            tally.pending.decrementAndGet();
            return;
        }
        long backoff = Math.min(8000, 250L << Math.min(attempt, 5));
        scheduler.schedule(() -> deliver(eventId, body, tally, attempt + 1, firstAt), backoff, TimeUnit.MILLISECONDS);
    }

    void close() {
        scheduler.shutdownNow();
    }
}
