package io.paybus.ingest.webhook;

/**
 * More webhooks are publishing than {@code paybus.ingest.max-in-flight} allows: this one was not
 * accepted (nothing was published or recorded for it) and gets a fast 503, which the provider retries.
 */
public class IngestOverloadedException extends RuntimeException {

    public IngestOverloadedException(int limit) {
        // No stack trace: a refusal is control flow, answered and counted, never logged with one;
        // under overload it is thrown hundreds of times a second through the whole filter chain.
        super(limit + " webhooks are already publishing", null, false, false);
    }
}
