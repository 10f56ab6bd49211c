package io.paybus.order.deadletter;

import io.paybus.events.Topics;
import io.paybus.platform.web.LogSafe;
import io.paybus.platform.web.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;

/**
 * The operators' verbs on dead letters. A replay sends the parked record back to
 * {@code payments.inbound}, keyed by its order and marked with {@link Parking#REPLAYS}, so
 * it is applied in partition order by the normal consumer; replaying twice is harmless (the order
 * applies each provider event once).
 */
@Service
public class DeadLetterOperations {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterOperations.class);
    private static final int REPLAY_BATCH = 2_000;

    private final DeadLetterStore store;
    private final KafkaTemplate<Object, Object> kafka;

    public DeadLetterOperations(DeadLetterStore store, KafkaTemplate<Object, Object> kafka) {
        this.store = store;
        this.kafka = kafka;
    }

    /** Replays one record; only the first parked record of its order may go (nothing overtakes it). */
    public List<Long> replayOne(long id) {
        DeadLetter letter = store.find(id).orElseThrow(() -> ProblemException.of(HttpStatus.NOT_FOUND, "dead_letter_not_found",
                "no dead letter " + id));
        if (!"PARKED".equals(letter.status())) {
            throw ProblemException.of(HttpStatus.CONFLICT, "dead_letter_not_parked", "dead letter " + id + " is " + letter.status());
        }
        if (letter.orderKey() != null && store.hasParkedBefore(letter.orderKey(), id)) {
            throw ProblemException.of(HttpStatus.CONFLICT, "dead_letter_not_first",
                    "an earlier record of order " + letter.orderKey() + " is parked; replay or discard it first");
        }
        send(letter);
        return List.of(id);
    }

    /** Replays every parked record of an order, in order. */
    public List<Long> replayOrder(String orderKey) {
        List<Long> replayed = new ArrayList<>();
        for (DeadLetter letter : store.parked(orderKey)) {
            send(letter);
            replayed.add(letter.id());
        }
        log.info("replaying {} dead letters of order {}", replayed.size(), LogSafe.of(orderKey));
        return replayed;
    }

    /**
     * Replays every record parked when it starts (or those of one error class), oldest first, in batches: each
     * batch is sent without waiting per record, then awaited as a whole. Records of one order keep
     * their order (same key, same partition, sent in id order by one producer). Returns how many.
     */
    public int replayMany(String errorClass) {
        int replayed = 0;
        long began = System.nanoTime();
        // The set parked now: a record the consumer parks again meanwhile waits for the next run, so
        // a run always ends.
        List<Long> parked = store.parkedIds(errorClass);
        for (int from = 0; from < parked.size(); from += REPLAY_BATCH) {
            List<DeadLetterStore.Replayable> batch = store.claimForReplay(
                    parked.subList(from, Math.min(parked.size(), from + REPLAY_BATCH)));
            if (batch.isEmpty()) {
                continue;
            }
            List<java.util.concurrent.CompletableFuture<?>> sends = new ArrayList<>(batch.size());
            for (DeadLetterStore.Replayable letter : batch) {
                ProducerRecord<Object, Object> record = new ProducerRecord<>(Topics.PAYMENTS_INBOUND,
                        letter.orderKey(), letter.payload());
                Parking.REPLAYS.mark(record.headers(), letter.id());
                sends.add(kafka.send(record));
            }
            for (int i = 0; i < sends.size(); i++) {
                try {
                    sends.get(i).get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    for (DeadLetterStore.Replayable unsent : batch.subList(i, batch.size())) {
                        store.parkAgain(unsent.id(), e.getClass().getName(), "replay not sent: " + e.getMessage(),
                                null);
                    }
                    throw ProblemException.of(HttpStatus.SERVICE_UNAVAILABLE, "broker_unavailable",
                            "replay stopped after " + (replayed + i) + " records: the broker did not take them");
                }
            }
            replayed += batch.size();
            if (replayed % 10_000 < REPLAY_BATCH) {
                log.info("replayed {} dead letters so far ({} /s)", replayed,
                        (long) (replayed / Math.max(1e-9, (System.nanoTime() - began) / 1e9)));
            }
        }
        log.info("replayed {} dead letters{} in {} ms", replayed, errorClass == null ? "" : " of " + errorClass,
                (System.nanoTime() - began) / 1_000_000);
        return replayed;
    }

    public void discard(long id, String reason) {
        if (reason == null || reason.isBlank()) {
            throw ProblemException.of(HttpStatus.BAD_REQUEST, "reason_required", "say why the record is discarded");
        }
        if (!store.discard(id, reason)) {
            throw store.find(id).isPresent()
                    ? ProblemException.of(HttpStatus.CONFLICT, "dead_letter_not_parked", "dead letter " + id + " is not parked")
                    : ProblemException.of(HttpStatus.NOT_FOUND, "dead_letter_not_found", "no dead letter " + id);
        }
        log.info("discarded dead letter {}: {}", id, LogSafe.of(reason));
    }

    private void send(DeadLetter letter) {
        if (!store.markReplaying(letter.id())) {
            return;
        }
        byte[] payload = store.payload(letter.id()).orElse(null);
        ProducerRecord<Object, Object> record = new ProducerRecord<>(Topics.PAYMENTS_INBOUND, letter.orderKey(), payload);
        Parking.REPLAYS.mark(record.headers(), letter.id());
        try {
            kafka.send(record).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            store.parkAgain(letter.id(), e.getClass().getName(), "replay not sent: " + e.getMessage(), null);
            throw ProblemException.of(HttpStatus.SERVICE_UNAVAILABLE, "broker_unavailable", "the replay could not be sent");
        }
    }
}
