package io.paybus.platform.deadletter;

import java.util.Objects;

/**
 * A consumer whose failed records become dead letters: which service, which listener, which topic.
 * Its {@link #scope()} ({@code service/listener/topic}) is stored with each of its dead letters and
 * carried by their replays, so that a replay is only ever taken as one by the consumer that failed
 * the record, also where several services consume the same topic.
 *
 * @param deadLetterTopic where a failed record is also published (with Spring Kafka's
 *                        {@code kafka_dlt-*} headers) for other consumers; {@code null} for none
 * @param parkBehind      whether a later record of a key that has an open dead letter waits behind
 *                        it (kept in order per key) instead of being applied
 */
public record DeadLetterConsumer(String service, String listener, String topic, String deadLetterTopic,
                                 boolean parkBehind) {

    public DeadLetterConsumer {
        for (String part : new String[] {service, listener, topic}) {
            if (part == null || part.isBlank() || part.contains("/") || part.contains("#")) {
                throw new IllegalArgumentException("service, listener and topic are names without '/' or '#'");
            }
        }
    }

    /** A consumer that parks its failed records, nothing else. */
    public static DeadLetterConsumer of(String service, String listener, String topic) {
        return new DeadLetterConsumer(service, listener, topic, null, false);
    }

    public DeadLetterConsumer publishingTo(String deadLetterTopic) {
        return new DeadLetterConsumer(service, listener, topic, Objects.requireNonNull(deadLetterTopic), parkBehind);
    }

    /** Later records of a key wait behind its open dead letter, so a key's records are applied in order. */
    public DeadLetterConsumer parkingLaterRecordsOfAKey() {
        return new DeadLetterConsumer(service, listener, topic, deadLetterTopic, true);
    }

    public String scope() {
        return service + "/" + listener + "/" + topic;
    }

    /** How this consumer marks, and recognises, the replays of its own dead letters. */
    public ReplayMarker replays() {
        return new ReplayMarker(scope());
    }
}
