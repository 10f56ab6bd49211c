package io.paybus.ingest.webhook;

/**
 * More webhooks are publishing than {@code paybus.ingest.max-in-flight} allows: this one was not
 * accepted (nothing was published or recorded for it) and gets a fast 503, which the provider retries.
 */
public class IngestOverloadedException extends RuntimeException {

    public IngestOverloadedException(int limit) {
        super(limit + " webhooks are already publishing");
    }
}
