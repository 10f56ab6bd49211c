package io.paybus.ingest.publish;

/** Kafka did not acknowledge in time. The delivery was not accepted; the provider will retry it. */
public class PublishFailedException extends RuntimeException {

    public PublishFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
