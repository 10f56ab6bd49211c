package io.paybus.order.deadletter;

import io.paybus.events.EventCodec;
import io.paybus.platform.deadletter.ReplayMarker;
import io.paybus.platform.web.LogSafe;
import io.paybus.events.Topics;
import io.paybus.events.PaymentEnvelope;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;

/**
 * Keeps an order's inbound records in order around failures (invariant 5: a poison event stops
 * nothing else, and later events of the same order wait behind it).
 *
 * <ul>
 *   <li>A record that fails (after the error handler's retries) is written to the dead-letter
 *       topic and parked here.</li>
 *   <li>A later record of an order that has a parked (or replaying) record is parked behind it,
 *       not applied. Other orders are not affected.</li>
 *   <li>A replayed record ({@link #REPLAYS}: a header scoped to this consumer) is applied unless an earlier record of
 *       its order is still parked; it then goes back to parked. On success it is marked replayed;
 *       on failure it is parked again, in its original place.</li>
 * </ul>
 */
public class Parking implements ConsumerRecordRecoverer {

    /** How this consumer marks, and recognises, the replays of its own dead letters. */
    public static final ReplayMarker REPLAYS = ReplayMarker.of("order-service", "order-inbound", Topics.PAYMENTS_INBOUND);

    private static final Logger log = LoggerFactory.getLogger(Parking.class);

    private final DeadLetterStore store;
    private final ConsumerRecordRecoverer deadLetterTopic;
    private final EventCodec codec;
    private final int retries;
    private final Class<?>[] notRetryable;

    public Parking(DeadLetterStore store, ConsumerRecordRecoverer deadLetterTopic, EventCodec codec, int retries,
            Class<?>... notRetryable) {
        this.store = store;
        this.deadLetterTopic = deadLetterTopic;
        this.codec = codec;
        this.retries = retries;
        this.notRetryable = notRetryable;
    }

    /** Whether the record may be applied now; if not, it has been parked. */
    public boolean admit(ConsumerRecord<String, byte[]> record) {
        String order = record.key();
        if (order == null) {
            return true;
        }
        Long replayOf = replayOf(record);
        if (replayOf != null) {
            if (store.hasParkedBefore(order, replayOf)) {
                store.parkAgain(replayOf, "ParkedBehind", "an earlier record of order " + order + " is parked", null);
                return false;
            }
            return true;
        }
        if (store.hasOpen(order)) {
            Described d = describe(record.value());
            store.park(order, record.topic(), record.partition(), record.offset(), d.type(), d.providerEventId(),
                    "ParkedBehind", "an earlier record of order " + order + " is parked", null, 0, record.value());
            log.info("parked {}-{}@{} of order {} behind its dead letter", record.topic(), record.partition(),
                    record.offset(), LogSafe.of(order));
            return false;
        }
        return true;
    }

    /** After the record was applied. */
    public void applied(ConsumerRecord<String, byte[]> record) {
        Long replayOf = replayOf(record);
        if (replayOf != null) {
            store.markReplayed(replayOf);
        }
    }

    /** The error handler's recoverer: dead-letter topic, then the parking lot, before the offset moves. */
    @Override
    @SuppressWarnings("unchecked")
    public void accept(ConsumerRecord<?, ?> failed, Exception exception) {
        ConsumerRecord<String, byte[]> record = (ConsumerRecord<String, byte[]>) failed;
        Throwable cause = meaningful(exception);
        String summary = Arrays.stream(cause.getStackTrace()).limit(6).map(StackTraceElement::toString)
                .collect(Collectors.joining("\n"));
        Long replayOf = replayOf(record);
        // The topic's kafka_dlt-exception-* headers name the failure itself, not the listener's wrappers.
        deadLetterTopic.accept(record, cause instanceof Exception meaningful ? meaningful : exception);
        if (replayOf != null) {
            store.parkAgain(replayOf, cause.getClass().getName(), cause.getMessage(), summary);
        } else {
            Described d = describe(record.value());
            store.park(record.key(), record.topic(), record.partition(), record.offset(), d.type(),
                    d.providerEventId(), cause.getClass().getName(), cause.getMessage(), summary, attempts(cause),
                    record.value());
        }
        log.warn("dead-lettered {}-{}@{} of order {}: {}", record.topic(), record.partition(), record.offset(),
                LogSafe.of(record.key()), LogSafe.of(cause.getMessage()));
    }

    /** Not retried when any cause is of a type no retry can fix (as the error handler decides). */
    private int attempts(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            for (Class<?> type : notRetryable) {
                if (type.isInstance(t)) {
                    return 1;
                }
            }
        }
        return retries + 1;
    }

    /** The failure itself, without the framework's wrappers around it (listener, command bus). */
    private static Throwable meaningful(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && isWrapper(t)) {
            t = t.getCause();
        }
        return t;
    }

    private static boolean isWrapper(Throwable t) {
        String name = t.getClass().getName();
        return name.startsWith("org.springframework.") || name.startsWith("org.axonframework.");
    }

    /**
     * The dead letter of ours a record replays ({@link ReplayMarker}, scoped to this consumer); a
     * header that another consumer set, or that names nothing, leaves the record an ordinary one.
     */
    static Long replayOf(ConsumerRecord<?, ?> record) {
        return REPLAYS.replayOf(record.headers());
    }

    private record Described(String type, String providerEventId) {
    }

    private Described describe(byte[] value) {
        try {
            PaymentEnvelope envelope = codec.decode(value);
            return new Described(envelope.type(), envelope.providerEventId());
        } catch (RuntimeException unreadable) {
            return new Described(null, null);
        }
    }
}
