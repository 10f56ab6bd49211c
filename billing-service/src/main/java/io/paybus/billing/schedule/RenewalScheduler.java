package io.paybus.billing.schedule;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.paybus.billing.outbox.BillingOutbox;
import io.paybus.billing.renewal.RenewalRepository;
import io.paybus.events.Topics;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes {@link RenewalDue} to {@code billing.schedule} for each subscription period that ended.
 *
 * <p>Safe on several instances at once: a period becomes a {@code renewal} row by an insert that
 * only one instance can make (primary key subscription + period start), and a row is published by
 * whichever instance locks it first ({@code for update skip locked}), then marked. Catches up after
 * downtime: it looks for every period that ended, however long ago, not for those ending now.
 * Dunning retries are the same rows, due again at their next attempt time.
 */
@Component
public class RenewalScheduler {

    private static final Logger log = LoggerFactory.getLogger(RenewalScheduler.class);

    private final RenewalRepository renewals;
    private final KafkaTemplate<Object, Object> kafka;
    private final ObjectMapper json;
    private final BillingOutbox outbox;
    private final RenewalNotices notices;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public RenewalScheduler(RenewalRepository renewals, KafkaTemplate<Object, Object> kafka, ObjectMapper billingJson,
            BillingOutbox outbox, RenewalNotices notices, PlatformTransactionManager transactions, Clock clock) {
        this.renewals = renewals;
        this.notices = notices;
        this.kafka = kafka;
        this.json = billingJson;
        this.outbox = outbox;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${paybus.billing.schedule-interval:5s}", initialDelayString = "2s")
    public void tick() {
        try {
            int found = scheduleEnded();
            int published = publishDue();
            int noticed = notices.noticeUpcoming();
            int events = outbox.flush();
            if (found + published + noticed + events > 0) {
                log.info("scheduler: {} period(s) ended, {} renewal(s) published to {}, {} renewal notice(s),"
                        + " {} billing event(s) published", found, published, Topics.BILLING_SCHEDULE, noticed, events);
            }
        } catch (RuntimeException e) {
            log.warn("scheduler tick failed, next tick retries: {}", e.toString());
        }
    }

    /** Turns every ended period of a renewable subscription into a renewal, once. */
    public int scheduleEnded() {
        return renewals.scheduleEnded();
    }

    /** Publishes the renewals whose attempt is due; returns how many. */
    public int publishDue() {
        Integer published = transaction.execute(tx -> {
            Instant now = clock.instant();
            List<RenewalDue> due = renewals.lockDue(now, 500);
            List<CompletableFuture<?>> sends = new ArrayList<>();
            for (RenewalDue renewal : due) {
                try {
                    sends.add(kafka.send(Topics.BILLING_SCHEDULE, renewal.subscriptionId(),
                            json.writeValueAsBytes(renewal)));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            }
            for (CompletableFuture<?> send : sends) {
                try {
                    send.get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException("billing.schedule not acknowledged: " + e.getMessage(), e);
                }
            }
            due.forEach(renewals::markPublished);
            return due.size();
        });
        return published == null ? 0 : published;
    }
}
