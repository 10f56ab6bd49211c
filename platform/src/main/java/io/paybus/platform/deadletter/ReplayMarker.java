package io.paybus.platform.deadletter;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Marks a record that an operator replays from a consumer's dead letters, scoped to that consumer
 * ({@code service/listener/topic}): header {@value #HEADER} = {@code <scope>#<dead letter id>}.
 * A replay goes back to the topic the record came from, where every consumer of the topic reads it;
 * only the consumer whose scope it names takes it as a replay of one of its dead letters. For the
 * others it is an ordinary redelivery, which they handle idempotently as any other.
 */
public record ReplayMarker(String scope) {

    public static final String HEADER = "paybus-replay-of";

    public ReplayMarker {
        if (scope == null || scope.isBlank() || scope.contains("#")) {
            throw new IllegalArgumentException("a replay scope names service/listener/topic, without '#'");
        }
    }

    public static ReplayMarker of(String service, String listener, String topic) {
        return new ReplayMarker(service + "/" + listener + "/" + topic);
    }

    /** Marks {@code headers} as a replay of dead letter {@code id} of this consumer. */
    public void mark(Headers headers, long id) {
        headers.remove(HEADER);
        headers.add(HEADER, (scope + "#" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** The id of this consumer's dead letter the record replays, or {@code null} (not a replay, or not ours). */
    public Long replayOf(Headers headers) {
        Header header = headers.lastHeader(HEADER);
        if (header == null || header.value() == null) {
            return null;
        }
        String value = new String(header.value(), StandardCharsets.UTF_8);
        int hash = value.lastIndexOf('#');
        if (hash < 0 || !value.substring(0, hash).equals(scope)) {
            return null;
        }
        try {
            return Long.valueOf(value.substring(hash + 1));
        } catch (NumberFormatException notAnId) {
            return null;
        }
    }
}
