package io.paybus.billing.provider;

/** The provider refused the request itself (4xx other than a decline or 429): no retry helps. */
public class ProviderRejectedException extends RuntimeException {

    public ProviderRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
