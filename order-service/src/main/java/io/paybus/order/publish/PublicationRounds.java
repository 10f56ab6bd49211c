package io.paybus.order.publish;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The records one batch of the publisher has to send, sent in rounds: round n holds the n-th
 * record of every key, and a round is sent only after every record of the round before was
 * acknowledged. Records of different orders share a wait; a record is never sent before its
 * order's earlier records are on the topic, so a failed send cannot let a later event of the same
 * order overtake it (the idempotent producer alone does not promise that: after a failed batch it
 * renumbers and sends the batches behind it). A batch of new orders (created, then paid) takes
 * two waits for Kafka instead of two per order.
 */
final class PublicationRounds {

    /** Sends one record and completes when Kafka acknowledged it. */
    @FunctionalInterface
    interface Sender {
        CompletableFuture<?> send(String key, byte[] value);
    }

    private final Map<String, List<byte[]>> byKey = new LinkedHashMap<>();
    private int records;

    void add(String key, byte[] value) {
        byKey.computeIfAbsent(key, k -> new ArrayList<>(2)).add(value);
        records++;
    }

    int records() {
        return records;
    }

    /**
     * Sends every record, round by round, each round given {@code timeout} for its
     * acknowledgements. Throws on the first failure; what was acknowledged by then stays published
     * (consumers drop the same event id when the batch is published again).
     *
     * @return how many rounds it took
     */
    int sendAll(Sender sender, Duration timeout) throws ExecutionException, InterruptedException, TimeoutException {
        int rounds = 0;
        for (int round = 0; ; round++) {
            List<CompletableFuture<?>> sent = new ArrayList<>();
            for (Map.Entry<String, List<byte[]>> key : byKey.entrySet()) {
                if (round < key.getValue().size()) {
                    sent.add(sender.send(key.getKey(), key.getValue().get(round)));
                }
            }
            if (sent.isEmpty()) {
                return rounds;
            }
            rounds++;
            long deadline = System.nanoTime() + timeout.toNanos();
            for (CompletableFuture<?> ack : sent) {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        }
    }
}
