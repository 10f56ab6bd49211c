package io.paybus.ingest.publish;

import io.paybus.events.PaymentEnvelope;
import java.util.concurrent.CompletableFuture;

/** Sends normalized events to Kafka: start a send, then wait for its acknowledgement. */
public interface EventSender {

    /** Starts publishing; completes when Kafka acknowledged, or fails with {@link PublishFailedException}. */
    CompletableFuture<Void> send(PaymentEnvelope envelope);

    /** Waits for a {@link #send} at most the publish timeout; throws {@link PublishFailedException}. */
    void await(CompletableFuture<Void> sent);
}
