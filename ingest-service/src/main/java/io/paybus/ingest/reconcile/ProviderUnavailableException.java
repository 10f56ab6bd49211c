package io.paybus.ingest.reconcile;

/** The provider's API did not answer, refused, or kept rate-limiting: the run tries the page again later. */
public class ProviderUnavailableException extends RuntimeException {

    public ProviderUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
