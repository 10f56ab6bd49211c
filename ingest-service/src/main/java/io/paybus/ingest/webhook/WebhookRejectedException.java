package io.paybus.ingest.webhook;

/**
 * A delivery that is refused for what it is (forged, stale, malformed). Its detail is safe to show
 * the caller and to log: it never contains the body or a secret.
 */
public class WebhookRejectedException extends RuntimeException {

    private final Rejection rejection;

    public WebhookRejectedException(Rejection rejection, String detail) {
        super(detail);
        this.rejection = rejection;
    }

    public Rejection rejection() {
        return rejection;
    }
}
