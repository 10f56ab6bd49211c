package io.paybus.ingest.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paybus.events.Money;
import io.paybus.events.PaymentEnvelope;
import io.paybus.events.PaymentSucceeded;
import io.paybus.events.Provider;
import io.paybus.infra.EmbeddedInfra;
import io.paybus.ingest.publish.EventSender;
import io.paybus.ingest.publish.PublishFailedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/** The ledger on the real PostgreSQL, with a Kafka stand-in whose answers the test decides. */
class DeliveryLedgerIT {

    private static PGSimpleDataSource dataSource;
    private static JdbcTemplate jdbc;
    private static TransactionTemplate transactions;
    private static final ExecutorService providers = Executors.newFixedThreadPool(4);

    @BeforeAll
    static void database() {
        dataSource = new PGSimpleDataSource();
        dataSource.setUrl(EmbeddedInfra.shared().postgres().jdbcUrl("ingest_ledger_it"));
        dataSource.setUser("postgres");
        Flyway.configure().dataSource(dataSource).load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @AfterAll
    static void stop() {
        providers.shutdownNow();
    }

    @Test
    void aCopyInTheSameBatchGetsTheOutcomeOfTheCopyItDuplicatesNotA200() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        String blocker = "evt_gate_" + UUID.randomUUID();
        String lost = "evt_lost_" + UUID.randomUUID();
        Gateable kafka = new Gateable(envelope -> {
            if (envelope.providerEventId().equals(blocker)) {
                pass(gate);
                return CompletableFuture.completedFuture(null);
            }
            return CompletableFuture.failedFuture(new PublishFailedException("broker said no", null));
        });
        DeliveryLedger ledger = new DeliveryLedger(jdbc, transactions, kafka, Clock.systemUTC(), Duration.ofSeconds(2));
        try {
            Future<DeliveryLedger.Outcome> first = providers.submit(() -> ledger.publishOnce(envelope(blocker)));
            await().atMost(Duration.ofSeconds(5)).until(() -> ledger.waiting() == 0);
            // The writer is stuck on the first batch: both copies queue up and form the next batch.
            Future<DeliveryLedger.Outcome> original = providers.submit(() -> ledger.publishOnce(envelope(lost)));
            Future<DeliveryLedger.Outcome> copy = providers.submit(() -> ledger.publishOnce(envelope(lost)));
            await().atMost(Duration.ofSeconds(5)).until(() -> ledger.waiting() == 2);
            gate.countDown();

            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(DeliveryLedger.Outcome.PUBLISHED);
            assertThat(outcomeOf(original)).as("the send failed: 503, the provider retries").isEqualTo("503");
            assertThat(outcomeOf(copy)).as("its copy must not be acknowledged: nothing was published")
                    .isEqualTo("503");
            assertThat(jdbc.queryForObject("select count(*) from webhook_delivery where provider_event_id = ?",
                    Integer.class, lost)).isZero();
        } finally {
            gate.countDown();
            ledger.close();
        }
    }

    /**
     * Found by the cluster fault suite: with two of three brokers down every send of a batch hangs,
     * and each was waited for in turn, a publish timeout each, so the last delivery of a batch of n
     * was answered after n timeouts (or the answer timeout), later than a provider waits. A batch
     * waits one publish timeout in all.
     */
    @Test
    void aBatchWhoseSendsAllHangIsAnswered503WithinOnePublishTimeoutNotOnePerDelivery() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        String blocker = "evt_gate_" + UUID.randomUUID();
        Gateable kafka = new Gateable(envelope -> {
            if (envelope.providerEventId().equals(blocker)) {
                pass(gate);
                return CompletableFuture.completedFuture(null);
            }
            return new CompletableFuture<>();
        }, Duration.ofSeconds(2));
        DeliveryLedger ledger = new DeliveryLedger(jdbc, transactions, kafka, Clock.systemUTC(), Duration.ofSeconds(5));
        try {
            Future<DeliveryLedger.Outcome> first = providers.submit(() -> ledger.publishOnce(envelope(blocker)));
            await().atMost(Duration.ofSeconds(5)).until(() -> ledger.waiting() == 0);
            List<CompletableFuture<DeliveryLedger.Outcome>> stuck = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                stuck.add(ledger.submit(envelope("evt_hung_" + i + "_" + UUID.randomUUID())));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> ledger.waiting() == 6);
            long released = System.nanoTime();
            gate.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(DeliveryLedger.Outcome.PUBLISHED);

            for (CompletableFuture<DeliveryLedger.Outcome> answer : stuck) {
                assertThat(answer).failsWithin(Duration.ofSeconds(15)).withThrowableOfType(
                        java.util.concurrent.ExecutionException.class).withCauseInstanceOf(PublishFailedException.class);
            }
            // One publish timeout of the stand-in (2 s) for the whole batch; six in turn would be 12 s.
            assertThat(Duration.ofNanos(System.nanoTime() - released)).isLessThan(Duration.ofSeconds(6));
        } finally {
            gate.countDown();
            ledger.close();
        }
    }

    /** Several writers: one waiting for Kafka does not hold up the next request, as one writer did. */
    @Test
    void withSeveralWritersABatchWaitingForKafkaDoesNotHoldUpTheNextDelivery() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        String slow = "evt_slow_" + UUID.randomUUID();
        Gateable kafka = new Gateable(envelope -> {
            if (envelope.providerEventId().equals(slow)) {
                pass(gate);
            }
            return CompletableFuture.completedFuture(null);
        });
        DeliveryLedger ledger = new DeliveryLedger(jdbc, transactions, kafka, Clock.systemUTC(), Duration.ofSeconds(5),
                4);
        try {
            CompletableFuture<DeliveryLedger.Outcome> stuck = ledger.submit(envelope(slow));
            await().atMost(Duration.ofSeconds(5)).until(() -> ledger.waiting() == 0);
            assertThat(ledger.submit(envelope("evt_next_" + UUID.randomUUID())).get(5, TimeUnit.SECONDS))
                    .isEqualTo(DeliveryLedger.Outcome.PUBLISHED);
            assertThat(stuck).isNotDone();
            gate.countDown();
            assertThat(stuck.get(5, TimeUnit.SECONDS)).isEqualTo(DeliveryLedger.Outcome.PUBLISHED);
            assertThat(ledger.writerAlive()).isTrue();
        } finally {
            gate.countDown();
            ledger.close();
        }
    }

    /**
     * A 200 waits for Kafka's acknowledgement (invariant 1), not for the ledger's commit: each request
     * at 8 connections also waited for the batch's WAL flush (#15). The row is committed moments later,
     * and a redelivery in between waits at the delivery's lock and is answered a duplicate.
     */
    @Test
    void aDeliveryIsAnsweredOnceKafkaHasItAndARedeliveryMeanwhileWaitsForItsRow() throws Exception {
        CountDownLatch committing = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        DataSourceTransactionManager slowCommits = new DataSourceTransactionManager(dataSource) {
            @Override
            protected void doCommit(DefaultTransactionStatus status) {
                committing.countDown();
                pass(gate);
                super.doCommit(status);
            }
        };
        java.util.concurrent.atomic.AtomicInteger sends = new java.util.concurrent.atomic.AtomicInteger();
        Gateable kafka = new Gateable(envelope -> {
            sends.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        });
        DeliveryLedger ledger = new DeliveryLedger(jdbc, new TransactionTemplate(slowCommits), kafka,
                Clock.systemUTC(), Duration.ofSeconds(5), 2);
        String event = "evt_early_" + UUID.randomUUID();
        try {
            CompletableFuture<DeliveryLedger.Outcome> first = ledger.submit(envelope(event));
            assertThat(committing.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(first.get(5, TimeUnit.SECONDS)).as("answered while its batch commits")
                    .isEqualTo(DeliveryLedger.Outcome.PUBLISHED);
            assertThat(recorded(event)).as("not committed yet").isZero();

            CompletableFuture<DeliveryLedger.Outcome> redelivery = ledger.submit(envelope(event));
            await().atMost(Duration.ofSeconds(5)).until(() -> ledger.waiting() == 0);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !redelivery.isDone());
            gate.countDown();

            assertThat(redelivery.get(10, TimeUnit.SECONDS)).isEqualTo(DeliveryLedger.Outcome.DUPLICATE);
            assertThat(sends.get()).isEqualTo(1);
            assertThat(recorded(event)).isEqualTo(1);
        } finally {
            gate.countDown();
            ledger.close();
        }
    }

    /**
     * The rows go in while Kafka acknowledges; when the insert fails, what Kafka acknowledged is
     * still answered 200 (a 503 would only have it sent and published again) and nothing is recorded.
     */
    @Test
    void whenTheInsertFailsWhatKafkaAcknowledgedIsStillAnswered200() throws Exception {
        String event = "evt_insert_fails_" + UUID.randomUUID();
        Gateable kafka = new Gateable(envelope -> CompletableFuture.completedFuture(null));
        // A provider event id longer than the column: the insert fails, after the send went out.
        String tooLong = event + "x".repeat(300);
        DeliveryLedger ledger = new DeliveryLedger(jdbc, transactions, kafka, Clock.systemUTC(), Duration.ofSeconds(2));
        try {
            assertThat(ledger.publishOnce(envelope(tooLong))).isEqualTo(DeliveryLedger.Outcome.PUBLISHED);
            assertThat(ledger.writerAlive()).isTrue();
            assertThat(ledger.publishOnce(envelope(event))).isEqualTo(DeliveryLedger.Outcome.PUBLISHED);
            assertThat(recorded(event)).isEqualTo(1);
        } finally {
            ledger.close();
        }
    }

    /** Two copies taken by two writers at once meet at the delivery's lock: one is published, one is a duplicate. */
    @Test
    void copiesTakenByTwoWritersAtOnceArePublishedOnce() throws Exception {
        java.util.concurrent.atomic.AtomicInteger sends = new java.util.concurrent.atomic.AtomicInteger();
        CountDownLatch publishing = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        Gateable kafka = new Gateable(envelope -> {
            sends.incrementAndGet();
            publishing.countDown();
            pass(gate);
            return CompletableFuture.completedFuture(null);
        });
        DeliveryLedger ledger = new DeliveryLedger(jdbc, transactions, kafka, Clock.systemUTC(), Duration.ofSeconds(5),
                4);
        String event = "evt_twice_" + UUID.randomUUID();
        try {
            CompletableFuture<DeliveryLedger.Outcome> first = ledger.submit(envelope(event));
            assertThat(publishing.await(5, TimeUnit.SECONDS)).isTrue();
            // The first writer holds the delivery's lock while Kafka answers; another writer takes the copy.
            CompletableFuture<DeliveryLedger.Outcome> copy = ledger.submit(envelope(event));
            await().atMost(Duration.ofSeconds(5)).until(() -> ledger.waiting() == 0);
            assertThat(copy).isNotDone();
            gate.countDown();

            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(DeliveryLedger.Outcome.PUBLISHED);
            assertThat(copy.get(10, TimeUnit.SECONDS)).isEqualTo(DeliveryLedger.Outcome.DUPLICATE);
            assertThat(sends.get()).isEqualTo(1);
            assertThat(jdbc.queryForObject("select count(*) from webhook_delivery where provider_event_id = ?",
                    Integer.class, event)).isEqualTo(1);
        } finally {
            gate.countDown();
            ledger.close();
        }
    }

    @Test
    void theWriterSurvivesAnErrorAndKeepsAnswering() throws Exception {
        String poisoned = "evt_error_" + UUID.randomUUID();
        Gateable kafka = new Gateable(envelope -> {
            if (envelope.providerEventId().equals(poisoned)) {
                throw new StackOverflowError("a bug deep down");
            }
            return CompletableFuture.completedFuture(null);
        });
        DeliveryLedger ledger = new DeliveryLedger(jdbc, transactions, kafka, Clock.systemUTC(), Duration.ofSeconds(2));
        try {
            assertThat(outcomeOf(providers.submit(() -> ledger.publishOnce(envelope(poisoned))))).isEqualTo("503");
            assertThat(ledger.writerAlive()).isTrue();
            assertThat(ledger.publishOnce(envelope("evt_after_" + UUID.randomUUID())))
                    .isEqualTo(DeliveryLedger.Outcome.PUBLISHED);
        } finally {
            ledger.close();
        }
        assertThat(ledger.writerAlive()).as("stopped by close").isFalse();
    }

    private static int recorded(String providerEventId) {
        return jdbc.queryForObject("select count(*) from webhook_delivery where provider_event_id = ?",
                Integer.class, providerEventId);
    }

    private static String outcomeOf(Future<DeliveryLedger.Outcome> answer) throws Exception {
        try {
            return answer.get(15, TimeUnit.SECONDS).name();
        } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(PublishFailedException.class);
            return "503";
        }
    }

    private static PaymentEnvelope envelope(String providerEventId) {
        Instant now = Instant.now();
        return PaymentEnvelope.of(Provider.STRIPE, providerEventId, "order-" + providerEventId, now, now,
                new PaymentSucceeded("pi_" + providerEventId, Money.of(100, "eur")), "{}");
    }

    private static void pass(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kafka as the test wants it to answer; a send is waited for {@code timeout} at most. */
    private record Gateable(Function<PaymentEnvelope, CompletableFuture<Void>> answers, Duration timeout)
            implements EventSender {

        Gateable(Function<PaymentEnvelope, CompletableFuture<Void>> answers) {
            this(answers, Duration.ofSeconds(5));
        }

        @Override
        public CompletableFuture<Void> send(PaymentEnvelope envelope) {
            return answers.apply(envelope);
        }

        @Override
        public void await(CompletableFuture<Void> sent) {
            try {
                sent.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof PublishFailedException failed ? failed
                        : new PublishFailedException("failed", e.getCause());
            } catch (Exception e) {
                throw new PublishFailedException("no answer", e);
            }
        }
    }
}
