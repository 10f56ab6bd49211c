package io.paybus.platform.deadletter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paybus.platform.web.LogSafe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The one way a Paybus consumer deals with a record it cannot apply (invariant 5: a poison record
 * stops nothing else).
 *
 * <ul>
 *   <li>The {@link #errorHandler() error handler} retries a failing record, then hands it here
 *       before its offset moves: it is published to the consumer's dead-letter topic (if it has
 *       one) and parked in {@link DeadLetterStore}, scoped to the consumer that failed it.</li>
 *   <li>With {@link DeadLetterConsumer#parkBehind()}, {@link #admit} parks a later record of a key
 *       that has an open dead letter behind it, so a key's records are applied in order.</li>
 *   <li>A replay of one of the consumer's own dead letters ({@link ReplayMarker}) is applied unless
 *       an earlier record of its key is still parked (it then goes back to parked); once applied
 *       ({@link #applied}) it is marked replayed; when it fails again, it is parked again in its
 *       original place. A replay marked for another consumer is an ordinary record here.</li>
 * </ul>
 *
 * The listener calls {@link #admit} before it applies a record and {@link #applied} after, in the
 * same transaction when it has one.
 */
public final class DeadLetterRecoverer implements ConsumerRecordRecoverer {

    /** What a record is, for operators, when its value can be read; {@link #UNKNOWN} otherwise. */
    public record Description(String eventType, String providerEventId) {
        public static final Description UNKNOWN = new Description(null, null);
    }

    private static final Logger log = LoggerFactory.getLogger(DeadLetterRecoverer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DeadLetterStore store;
    private final Map<String, DeadLetterConsumer> consumers;
    /** Each consumer's replay marker, by topic: looked up for every record, made once. */
    private final Map<String, ReplayMarker> markers;
    private final Map<String, ConsumerRecordRecoverer> deadLetterTopics;
    private final Function<byte[], Description> describer;
    private final int retries;
    private final Duration retryWait;
    private final Duration maxRetryWait;
    private final List<Class<? extends Exception>> notRetryable;

    private DeadLetterRecoverer(Builder builder) {
        this.store = builder.store;
        this.consumers = Map.copyOf(builder.consumers);
        Map<String, ReplayMarker> byTopic = new LinkedHashMap<>();
        consumers.forEach((topic, consumer) -> byTopic.put(topic, consumer.replays()));
        this.markers = Map.copyOf(byTopic);
        this.describer = builder.describer;
        this.retries = builder.retries;
        this.retryWait = builder.retryWait;
        this.maxRetryWait = builder.maxRetryWait;
        this.notRetryable = List.copyOf(builder.notRetryable);
        Map<String, ConsumerRecordRecoverer> topics = new LinkedHashMap<>();
        for (DeadLetterConsumer consumer : consumers.values()) {
            if (consumer.deadLetterTopic() != null) {
                String deadLetterTopic = consumer.deadLetterTopic();
                topics.put(consumer.topic(), new DeadLetterPublishingRecoverer(
                        Objects.requireNonNull(builder.kafka, "a dead-letter topic needs a producer"),
                        (record, e) -> new TopicPartition(deadLetterTopic, record.partition())));
            }
        }
        this.deadLetterTopics = Map.copyOf(topics);
    }

    /** The recoverer of the consumers listed, one per topic, parking into {@code store}. */
    public static Builder builder(DeadLetterStore store, KafkaOperations<?, ?> kafka) {
        return new Builder(store, kafka);
    }

    /**
     * The container error handler that goes with it: {@code retries} attempts after the first,
     * {@code retryWait} apart (or, with a longer {@code maxRetryWait}, doubling from it up to that),
     * none for the exceptions no retry can fix; then this recoverer.
     */
    public DefaultErrorHandler errorHandler() {
        org.springframework.util.backoff.BackOff backOff = new FixedBackOff(retryWait.toMillis(), retries);
        if (maxRetryWait.compareTo(retryWait) > 0) {
            org.springframework.kafka.support.ExponentialBackOffWithMaxRetries exponential =
                    new org.springframework.kafka.support.ExponentialBackOffWithMaxRetries(retries);
            exponential.setInitialInterval(retryWait.toMillis());
            exponential.setMultiplier(2);
            exponential.setMaxInterval(maxRetryWait.toMillis());
            backOff = exponential;
        }
        DefaultErrorHandler handler = new DefaultErrorHandler(this, backOff);
        if (!notRetryable.isEmpty()) {
            @SuppressWarnings("unchecked")
            Class<? extends Exception>[] types = notRetryable.toArray(Class[]::new);
            handler.addNotRetryableExceptions(types);
        }
        // After a batch's failing record is recovered, the handler seeks past it by throwing "Seek to
        // current after exception": expected flow, not an error (the recoverer logs the dead letter).
        handler.setLogLevel(KafkaException.Level.INFO);
        return handler;
    }

    /** Whether the record may be applied now; if not, it has been parked (behind its key's dead letter). */
    public boolean admit(ConsumerRecord<?, ?> record) {
        DeadLetterConsumer consumer = consumers.get(record.topic());
        String key = key(record);
        if (consumer == null || !consumer.parkBehind() || key == null) {
            return true;
        }
        Long replayOf = markers.get(record.topic()).replayOf(record.headers());
        if (replayOf != null) {
            if (store.hasParkedBefore(consumer.scope(), key, replayOf)) {
                store.parkAgain(replayOf, DeadLetter.PARKED_BEHIND, "an earlier record of " + key + " is parked",
                        null);
                return false;
            }
            return true;
        }
        if (store.hasOpen(consumer.scope(), key)) {
            byte[] value = value(record);
            Description d = describe(value);
            store.park(consumer.scope(), key, record.topic(), record.partition(), record.offset(), d.eventType(),
                    d.providerEventId(), DeadLetter.PARKED_BEHIND, "an earlier record of " + key + " is parked",
                    null, 0, value);
            log.info("parked {}-{}@{} of {} behind its dead letter", record.topic(), record.partition(),
                    record.offset(), LogSafe.of(key));
            return false;
        }
        return true;
    }

    /** After the record was applied: a replay of one of the consumer's dead letters is marked replayed. */
    public void applied(ConsumerRecord<?, ?> record) {
        DeadLetterConsumer consumer = consumers.get(record.topic());
        Long replayOf = consumer == null ? null : markers.get(record.topic()).replayOf(record.headers());
        if (replayOf != null) {
            store.markReplayed(replayOf);
        }
    }

    /** The error handler's recoverer: dead-letter topic, then the store, before the offset moves. */
    @Override
    public void accept(ConsumerRecord<?, ?> record, Exception exception) {
        Throwable cause = meaningful(exception);
        DeadLetterConsumer consumer = consumers.get(record.topic());
        String scope = consumer != null ? consumer.scope() : unregistered(record.topic());
        ConsumerRecordRecoverer deadLetterTopic = deadLetterTopics.get(record.topic());
        if (deadLetterTopic != null) {
            // The topic's kafka_dlt-exception-* headers name the failure itself, not the listener's wrappers.
            deadLetterTopic.accept(record, cause instanceof Exception meaningful ? meaningful : exception);
        }
        String summary = Arrays.stream(cause.getStackTrace()).limit(6).map(StackTraceElement::toString)
                .collect(Collectors.joining("\n"));
        Long replayOf = (consumer != null ? markers.get(record.topic()) : new ReplayMarker(scope))
                .replayOf(record.headers());
        if (replayOf != null) {
            store.parkAgain(replayOf, cause.getClass().getName(), cause.getMessage(), summary);
        } else {
            byte[] value = value(record);
            Description d = describe(value);
            store.park(scope, key(record), record.topic(), record.partition(), record.offset(), d.eventType(),
                    d.providerEventId(), cause.getClass().getName(), cause.getMessage(), summary, attempts(cause),
                    value);
        }
        log.warn("dead-lettered {}-{}@{} ({}): {}", record.topic(), record.partition(), record.offset(),
                LogSafe.of(key(record)), LogSafe.of(cause.getMessage()));
    }

    private String unregistered(String topic) {
        String service = consumers.values().iterator().next().service();
        log.error("a record of {} failed in a consumer not registered for dead letters", LogSafe.of(topic));
        return service + "/unregistered/" + topic;
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

    private Description describe(byte[] value) {
        if (value == null) {
            return Description.UNKNOWN;
        }
        try {
            return Objects.requireNonNullElse(describer.apply(value), Description.UNKNOWN);
        } catch (RuntimeException unreadable) {
            return Description.UNKNOWN;
        }
    }

    private static Description describeJson(byte[] value) {
        try {
            JsonNode node = JSON.readTree(value);
            if (node == null || !node.isObject()) {
                return Description.UNKNOWN;
            }
            return new Description(text(node, "type"), text(node, "providerEventId"));
        } catch (IOException | RuntimeException unreadable) {
            return Description.UNKNOWN;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    /** The failure itself, without the frameworks' wrappers around it (listener, command bus). */
    static Throwable meaningful(Throwable e) {
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

    static String key(ConsumerRecord<?, ?> record) {
        Object key = record.key();
        if (key == null) {
            return null;
        }
        return key instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : key.toString();
    }

    private static byte[] value(ConsumerRecord<?, ?> record) {
        Object value = record.value();
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        return value == null ? null : value.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static final class Builder {

        private final DeadLetterStore store;
        private final KafkaOperations<?, ?> kafka;
        private final Map<String, DeadLetterConsumer> consumers = new LinkedHashMap<>();
        private Function<byte[], Description> describer = DeadLetterRecoverer::describeJson;
        private int retries = 3;
        private Duration retryWait = Duration.ofMillis(500);
        private Duration maxRetryWait = Duration.ZERO;
        private final List<Class<? extends Exception>> notRetryable = new ArrayList<>();

        private Builder(DeadLetterStore store, KafkaOperations<?, ?> kafka) {
            this.store = Objects.requireNonNull(store);
            this.kafka = kafka;
        }

        /** A consumer whose failures this recoverer handles; one per topic. */
        public Builder consumer(DeadLetterConsumer consumer) {
            if (consumers.putIfAbsent(consumer.topic(), consumer) != null) {
                throw new IllegalArgumentException("one dead-letter consumer per topic: " + consumer.topic());
            }
            return this;
        }

        /**
         * Event type and provider event id of a record's value, shown to operators; may throw when
         * unreadable. By default, the {@code type} and {@code providerEventId} of a JSON value (as
         * the events of {@code payments.inbound} carry them).
         */
        public Builder describedBy(Function<byte[], Description> describer) {
            this.describer = Objects.requireNonNull(describer);
            return this;
        }

        public Builder retries(int retries, Duration wait) {
            this.retries = retries;
            this.retryWait = wait;
            return this;
        }

        /** Retries whose wait doubles from {@code firstWait} up to {@code maxWait} (a mail server that is down for a while). */
        public Builder retries(int retries, Duration firstWait, Duration maxWait) {
            retries(retries, firstWait);
            this.maxRetryWait = maxWait;
            return this;
        }

        @SafeVarargs
        public final Builder notRetryable(Class<? extends Exception>... types) {
            notRetryable.addAll(List.of(types));
            return this;
        }

        public DeadLetterRecoverer build() {
            if (consumers.isEmpty()) {
                throw new IllegalStateException("name the consumers whose failures are parked");
            }
            return new DeadLetterRecoverer(this);
        }
    }
}
