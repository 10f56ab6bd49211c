package io.paybus.ingest.dedup;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.paybus.events.PaymentEnvelope;
import io.paybus.ingest.publish.EventSender;
import io.paybus.ingest.publish.PublishFailedException;
import java.sql.Array;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Remembers, in PostgreSQL, which provider events were published, so a redelivery is answered
 * 200 without publishing again.
 *
 * <p>Deliveries are handled in batches by a few writer threads, one transaction per batch (a
 * transaction per delivery would pay one WAL flush each, and measured about 1,000 deliveries/s);
 * with one writer, each request waited for a whole cycle of the batch before its own (lock, look
 * up, publish, wait for the acknowledgements, insert, commit), which bounded a few connections'
 * throughput by that cycle. Each writer takes what waits when it is free:
 * <ol>
 *   <li>take transaction-scoped advisory locks on every (provider, provider event id) of the batch,
 *       in sorted order, so another ingest instance handling the same delivery waits;</li>
 *   <li>look the batch up: deliveries recorded before are duplicates; a copy of a delivery earlier
 *       in the same batch gets that one's outcome once it is known (a duplicate when it was
 *       published, 503 when its send failed: never a 200 for an event Kafka does not have);</li>
 *   <li>publish the new ones to Kafka and, while it acknowledges, insert their rows;</li>
 *   <li>answer each delivery Kafka acknowledged (and its copies), take out the rows of those it did
 *       not, and commit.</li>
 * </ol>
 * Hence a committed row exists only for deliveries Kafka acknowledged (a 503 leaves none, so the
 * provider's retry is published, not dropped), and concurrent copies of one delivery publish once.
 * A 200 waits for Kafka, not for the commit (the WAL flush was about a quarter of a request's time at 8
 * connections, #15): a redelivery that arrives before the commit waits at the delivery's lock, then
 * finds the row. If the commit fails after Kafka acknowledged, the requests have their 200 (Kafka
 * has the events), and a later redelivery is published again; order-service applies each provider
 * event once.
 */
public class DeliveryLedger implements AutoCloseable {

    /** What became of a delivery. */
    public enum Outcome { PUBLISHED, DUPLICATE }

    private static final Logger log = LoggerFactory.getLogger(DeliveryLedger.class);
    private static final int MAX_BATCH = 500;

    private record Pending(PaymentEnvelope envelope, CompletableFuture<Outcome> answer) {
        String key() {
            return envelope.provider().name() + ":" + envelope.providerEventId();
        }
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final EventSender publisher;
    private final Clock clock;
    private final Duration answerTimeout;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    /** Where a batch's time goes (lock, lookup, publish, insert, commit), and how big batches are. */
    private final Map<String, Timer> phases = new HashMap<>();
    private final DistributionSummary batchSize;
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running = true;

    /** One writer: batches one after another (the tests that build a batch on purpose). */
    public DeliveryLedger(JdbcTemplate jdbc, TransactionTemplate transactions, EventSender publisher,
            Clock clock, Duration publishTimeout) {
        this(jdbc, transactions, publisher, clock, publishTimeout, 1);
    }

    /**
     * {@code writerCount} batches in flight at once, each on its own connection; copies of one
     * delivery in two of them meet at its advisory lock, so one publishes and the other finds its row.
     */
    public DeliveryLedger(JdbcTemplate jdbc, TransactionTemplate transactions, EventSender publisher,
            Clock clock, Duration publishTimeout, int writerCount) {
        this(jdbc, transactions, publisher, clock, publishTimeout, writerCount, new SimpleMeterRegistry());
    }

    /** As above, measured: {@code paybus.ingest.ledger.phase{phase}} and {@code paybus.ingest.ledger.batch.size}. */
    public DeliveryLedger(JdbcTemplate jdbc, TransactionTemplate transactions, EventSender publisher,
            Clock clock, Duration publishTimeout, int writerCount, MeterRegistry meters) {
        for (String phase : List.of("lock", "lookup", "publish", "insert", "commit")) {
            phases.put(phase, Timer.builder("paybus.ingest.ledger.phase").tag("phase", phase)
                    .description("time of one step of a ledger batch").register(meters));
        }
        this.batchSize = DistributionSummary.builder("paybus.ingest.ledger.batch.size")
                .description("deliveries in one ledger batch").register(meters);
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.publisher = publisher;
        this.clock = clock;
        // Waiting behind one batch, then one's own: twice the publish timeout and the DB's time.
        this.answerTimeout = publishTimeout.multipliedBy(2).plusSeconds(5);
        for (int i = 0; i < writerCount; i++) {
            Thread writer = new Thread(this::writeBatches, "delivery-ledger-" + i);
            writer.setDaemon(true);
            writer.start();
            writers.add(writer);
        }
    }

    /**
     * Publishes the delivery unless it was published before; returns once Kafka acknowledged it
     * (its row is committed moments later), or it is known to be a duplicate.
     *
     * @throws PublishFailedException when Kafka or the database could not take it
     */
    public Outcome publishOnce(PaymentEnvelope envelope) {
        return await(submit(envelope));
    }

    /**
     * Hands the delivery to the writer without waiting: what a caller with many deliveries at once
     * (a reconciliation page) uses, so they share batches. Wait with {@link #await}.
     */
    public CompletableFuture<Outcome> submit(PaymentEnvelope envelope) {
        if (!running) {
            return CompletableFuture.failedFuture(new PublishFailedException("shutting down", null));
        }
        CompletableFuture<Outcome> answer = new CompletableFuture<>();
        queue.add(new Pending(envelope, answer));
        return answer;
    }

    /**
     * The outcome of a {@link #submit}, waiting at most the answer timeout.
     *
     * @throws PublishFailedException when Kafka or the database could not take it
     */
    public Outcome await(CompletableFuture<Outcome> answer) {
        try {
            return answer.get(answerTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof PublishFailedException failed) {
                throw failed;
            }
            throw new PublishFailedException("ledger failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new PublishFailedException("no answer from the ledger within " + answerTimeout, e);
        }
    }

    private void writeBatches() {
        List<Pending> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                handle(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } catch (Throwable e) {
                // Whatever went wrong, the writer goes on: it is what answers every delivery.
                log.error("delivery ledger batch of {} failed: {}", batch.size(), e.toString(), e);
                PublishFailedException failure = new PublishFailedException("ledger unavailable: " + e, e);
                batch.forEach(p -> p.answer().completeExceptionally(failure));
            } finally {
                batch.clear();
            }
        }
    }

    private void handle(List<Pending> batch) {
        batchSize.record(batch.size());
        int[] published = {0};
        long[] mark = {System.nanoTime()};
        try {
            transactions.executeWithoutResult(status -> {
                lock(batch);
                mark[0] = lap("lock", mark[0]);
                Set<String> recorded = recorded(batch);
                mark[0] = lap("lookup", mark[0]);
                List<Pending> fresh = new ArrayList<>();
                // A copy of a delivery earlier in this batch shares that one's fate: a duplicate if it
                // is published, a failure (503, the provider retries) if its send fails.
                Map<String, List<Pending>> copies = new HashMap<>();
                for (Pending p : batch) {
                    if (recorded.contains(p.key())) {
                        // Its row is committed: nothing this batch does changes the answer.
                        p.answer().complete(Outcome.DUPLICATE);
                    } else if (copies.containsKey(p.key())) {
                        copies.get(p.key()).add(p);
                    } else {
                        copies.put(p.key(), new ArrayList<>());
                        fresh.add(p);
                    }
                }
                List<CompletableFuture<Void>> sends = new ArrayList<>();
                for (Pending p : fresh) {
                    CompletableFuture<Void> sent = publisher.send(p.envelope());
                    sends.add(sent);
                    if (sent.isCompletedExceptionally()) {
                        // Kafka is unreachable (no metadata within max.block.ms): the rest would each
                        // block as long again, so they fail now, and the provider retries them.
                        fresh.subList(sends.size(), fresh.size()).forEach(rest -> sends.add(sent));
                        break;
                    }
                }
                long sent = System.nanoTime();
                // The rows go in while Kafka acknowledges (in this transaction: nothing is visible
                // before the commit); a send that fails has its row taken out again below. Should the
                // insert fail, the sends are out all the same: their acknowledgements are still
                // waited for and answered, then the transaction rolls back.
                RuntimeException insertFailed = null;
                try {
                    insert(fresh);
                } catch (RuntimeException e) {
                    insertFailed = e;
                }
                long inserted = System.nanoTime();
                phases.get("insert").record(inserted - sent, TimeUnit.NANOSECONDS);
                // One wait for the whole batch, bounded by the publish timeout: waited one by one, a
                // batch whose sends all hang (brokers below min.insync) would take a timeout per delivery.
                try {
                    publisher.await(CompletableFuture.allOf(sends.stream().distinct()
                            .toArray(CompletableFuture[]::new)));
                } catch (PublishFailedException someFailed) {
                    // each send's own outcome is read below
                }
                List<Pending> failed = new ArrayList<>();
                for (int i = 0; i < fresh.size(); i++) {
                    Pending original = fresh.get(i);
                    try {
                        if (!sends.get(i).isDone()) {
                            throw new PublishFailedException("Kafka did not acknowledge within the publish timeout",
                                    null);
                        }
                        publisher.await(sends.get(i));
                        // Kafka has it: answered now, not after the commit. A redelivery meanwhile
                        // waits at the delivery's advisory lock until the row is committed, then finds
                        // it; and a commit that fails would have answered 200 all the same.
                        published[0]++;
                        original.answer().complete(Outcome.PUBLISHED);
                        copies.get(original.key()).forEach(copy -> copy.answer().complete(Outcome.DUPLICATE));
                    } catch (PublishFailedException e) {
                        failed.add(original);
                        original.answer().completeExceptionally(e);
                        copies.get(original.key()).forEach(copy -> copy.answer().completeExceptionally(e));
                    }
                }
                long acknowledged = System.nanoTime();
                phases.get("publish").record((sent - mark[0]) + (acknowledged - inserted), TimeUnit.NANOSECONDS);
                mark[0] = acknowledged;
                if (insertFailed != null) {
                    throw insertFailed;
                }
                forget(failed);
            });
            lap("commit", mark[0]);
        } catch (RuntimeException e) {
            if (published[0] > 0) {
                // Kafka has these, and they were answered 200: a 503 would only make the provider send them again.
                log.error("delivery ledger commit failed after Kafka acknowledged {} deliveries; a redelivery of them"
                        + " will be published again", published[0], e);
                batch.forEach(p -> p.answer().completeExceptionally(new PublishFailedException("ledger failed", e)));
            } else {
                throw e;
            }
        }
    }

    private long lap(String phase, long since) {
        long now = System.nanoTime();
        phases.get(phase).record(now - since, TimeUnit.NANOSECONDS);
        return now;
    }

    private void lock(List<Pending> batch) {
        Set<String> keys = new TreeSet<>();
        batch.forEach(p -> keys.add(p.key()));
        jdbc.execute((ConnectionCallback<Void>) c -> {
            Array array = c.createArrayOf("text", keys.toArray());
            try (var statement = c.prepareStatement("select count(pg_advisory_xact_lock(hashtextextended(k, 0)))"
                    + " from (select unnest(?::text[]) as k order by 1) as keys")) {
                statement.setArray(1, array);
                statement.executeQuery().close();
            }
            return null;
        });
    }

    /** Keys of the batch already recorded; one indexed lookup for the whole batch. */
    private Set<String> recorded(List<Pending> batch) {
        return jdbc.execute((ConnectionCallback<Set<String>>) c -> {
            Set<String> found = new HashSet<>();
            try (var statement = c.prepareStatement("select w.provider, w.provider_event_id from webhook_delivery w"
                    + " join unnest(?::varchar[], ?::varchar[]) as k(provider, provider_event_id)"
                    + " on w.provider = k.provider and w.provider_event_id = k.provider_event_id")) {
                statement.setArray(1, c.createArrayOf("varchar",
                        batch.stream().map(p -> p.envelope().provider().name()).toArray()));
                statement.setArray(2, c.createArrayOf("varchar",
                        batch.stream().map(p -> p.envelope().providerEventId()).toArray()));
                try (var rs = statement.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString(1) + ":" + rs.getString(2));
                    }
                }
            }
            return found;
        });
    }

    private void insert(List<Pending> published) {
        if (published.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("insert into webhook_delivery (provider, provider_event_id, event_id, aggregate_key, received_at)"
                + " values (?, ?, ?, ?, ?) on conflict do nothing", published, published.size(), (ps, p) -> {
                    PaymentEnvelope e = p.envelope();
                    ps.setString(1, e.provider().name());
                    ps.setString(2, e.providerEventId());
                    ps.setObject(3, e.eventId());
                    ps.setString(4, e.key());
                    ps.setTimestamp(5, Timestamp.from(e.receivedAt()));
                });
    }

    /** Takes out the rows of deliveries whose send failed (inserted with the batch, before Kafka answered). */
    private void forget(List<Pending> failed) {
        if (failed.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("delete from webhook_delivery where provider = ? and provider_event_id = ? and event_id = ?",
                failed, failed.size(), (ps, p) -> {
                    PaymentEnvelope e = p.envelope();
                    ps.setString(1, e.provider().name());
                    ps.setString(2, e.providerEventId());
                    ps.setObject(3, e.eventId());
                });
    }

    /** Forgets deliveries older than {@code retention}; returns how many. */
    public int forgetOlderThan(Duration retention) {
        int removed = jdbc.update("delete from webhook_delivery where received_at < ?",
                Timestamp.from(clock.instant().minus(retention)));
        if (removed > 0) {
            log.info("forgot {} deliveries older than {}", removed, retention);
        }
        return removed;
    }

    /** Whether every writer thread runs (health; they are what answers every delivery). */
    public boolean writerAlive() {
        return !writers.isEmpty() && writers.stream().allMatch(Thread::isAlive);
    }

    /** Deliveries waiting for the writer (tests). */
    int waiting() {
        return queue.size();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread writer : writers) {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        }
    }
}
