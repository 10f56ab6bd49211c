package io.paybus.platform.deadletter;

import io.paybus.platform.deadletter.DeadLetterException.Reason;
import io.paybus.platform.web.LogSafe;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;

/**
 * The operators' verbs on dead letters, the same in every service. A replay sends the parked record
 * back to the topic it came from, with its key, marked as a replay of the consumer that failed it
 * ({@link ReplayMarker}), so it is applied in partition order by that consumer and by no other as a
 * replay; it stays {@code REPLAYING} (leased) until that consumer applied it. Replaying twice is
 * harmless: consumers apply each event once.
 */
public class DeadLetterOperations {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterOperations.class);
    private static final int REPLAY_BATCH = 2_000;

    private final DeadLetterStore store;
    private final KafkaOperations<Object, Object> kafka;

    public DeadLetterOperations(DeadLetterStore store, KafkaOperations<Object, Object> kafka) {
        this.store = store;
        this.kafka = kafka;
    }

    /** Replays one record; only the first parked record of its key may go (nothing overtakes it). */
    public List<Long> replayOne(long id) {
        DeadLetter letter = store.find(id)
                .orElseThrow(() -> new DeadLetterException(Reason.NOT_FOUND, "no dead letter " + id));
        if (!"PARKED".equals(letter.status())) {
            throw new DeadLetterException(Reason.NOT_PARKED, "dead letter " + id + " is " + letter.status());
        }
        if (letter.key() != null && store.hasParkedBefore(letter.consumer(), letter.key(), id)) {
            throw new DeadLetterException(Reason.NOT_FIRST, "an earlier record of " + letter.key()
                    + " is parked; replay or discard it first");
        }
        return replay(List.of(id));
    }

    /** Replays every parked record of a key (of every consumer), in order. */
    public List<Long> replayKey(String key) {
        List<Long> replayed = replay(store.ids(new DeadLetterFilter(null, key, null, "PARKED", null, null,
                DeadLetterFilter.MAX_LIMIT)));
        log.info("replaying {} dead letters of {}", replayed.size(), LogSafe.of(key));
        return replayed;
    }

    /**
     * Replays every record parked when it starts (those of one error class and one consumer if
     * given), oldest first, in batches: each batch is sent without waiting per record, then awaited
     * as a whole. Records of one key keep their order (same key, same partition, sent in id order by
     * one producer). A record the consumer parks again meanwhile waits for the next run, so a run
     * always ends. Returns how many were sent.
     */
    public int replayAll(String errorClass, String consumer) {
        long began = System.nanoTime();
        List<Long> parked = store.ids(new DeadLetterFilter(consumer, null, errorClass, "PARKED", null, null,
                DeadLetterFilter.MAX_LIMIT));
        int replayed = 0;
        for (int from = 0; from < parked.size(); from += REPLAY_BATCH) {
            replayed += replay(parked.subList(from, Math.min(parked.size(), from + REPLAY_BATCH)), replayed).size();
            if (replayed % 10_000 < REPLAY_BATCH && replayed > 0) {
                log.info("replayed {} dead letters so far ({} /s)", replayed,
                        (long) (replayed / Math.max(1e-9, (System.nanoTime() - began) / 1e9)));
            }
        }
        log.info("replayed {} dead letters{} in {} ms", replayed, errorClass == null ? "" : " of " + errorClass,
                (System.nanoTime() - began) / 1_000_000);
        return replayed;
    }

    public void discard(long id, String reason) {
        if (!store.discard(id, reason)) {
            throw store.find(id).isPresent()
                    ? new DeadLetterException(Reason.NOT_PARKED, "dead letter " + id + " is not parked")
                    : new DeadLetterException(Reason.NOT_FOUND, "no dead letter " + id);
        }
        log.info("discarded dead letter {}: {}", id, LogSafe.of(reason));
    }

    private List<Long> replay(List<Long> ids) {
        return replay(ids, 0);
    }

    /** Claims those of {@code ids} still parked, sends them, waits for the broker; the ids sent. */
    private List<Long> replay(List<Long> ids, int sentBefore) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<DeadLetterStore.Replayable> batch = store.claimForReplay(ids);
        List<CompletableFuture<?>> sends = new ArrayList<>(batch.size());
        for (DeadLetterStore.Replayable letter : batch) {
            ProducerRecord<Object, Object> record = new ProducerRecord<>(letter.sourceTopic(), letter.key(),
                    letter.payload());
            new ReplayMarker(letter.consumer()).mark(record.headers(), letter.id());
            sends.add(kafka.send(record));
        }
        for (int i = 0; i < sends.size(); i++) {
            try {
                sends.get(i).get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                for (DeadLetterStore.Replayable unsent : batch.subList(i, batch.size())) {
                    store.parkAgain(unsent.id(), e.getClass().getName(), "replay not sent: " + e.getMessage(), null);
                }
                throw new DeadLetterException(Reason.BROKER_UNAVAILABLE, "replay stopped after "
                        + (sentBefore + i) + " records: the broker did not take them");
            }
        }
        return batch.stream().map(DeadLetterStore.Replayable::id).toList();
    }
}
