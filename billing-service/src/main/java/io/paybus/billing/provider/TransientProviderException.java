package io.paybus.billing.provider;

/**
 * The provider failed in a way a retry may fix (5xx, timeout, connection): the schedule event is
 * retried with the same idempotency keys, then dead-lettered.
 */
public class TransientProviderException extends RuntimeException {

    public TransientProviderException(String message, Throwable cause) {
        super(message, cause);
    }
}
