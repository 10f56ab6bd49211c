package io.paybus.ingest.webhook;

/**
 * A delivery that is refused for what it is (forged, stale, malformed). Its detail is safe to show
 * the caller and to log: it never contains the body or a secret.
 */
public class WebhookRejectedException extends RuntimeException {

    private final Rejection rejection;
    private final String field;

    public WebhookRejectedException(Rejection rejection, String detail) {
        this(rejection, detail, null);
    }

    /** A refusal because of one field of the event ({@code field} names it in the answer). */
    public WebhookRejectedException(Rejection rejection, String detail, String field) {
        super(detail);
        this.rejection = rejection;
        this.field = field;
    }

    public Rejection rejection() {
        return rejection;
    }

    /** The event's field that was refused, if one was. */
    public String field() {
        return field;
    }
}
