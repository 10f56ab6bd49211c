package io.paybus.ingest.webhook;

/**
 * Why a delivery was refused: a stable error code for the problem+json body and the metrics, and
 * the HTTP status the provider sees. Providers retry anything that is not 2xx.
 */
public enum Rejection {
    SIGNATURE_MISSING("signature_missing", 400, "Signature header missing"),
    SIGNATURE_MALFORMED("signature_malformed", 400, "Signature header malformed"),
    SIGNATURE_INVALID("signature_invalid", 400, "Signature does not match"),
    TIMESTAMP_TOO_OLD("timestamp_too_old", 400, "Signature timestamp too old"),
    TIMESTAMP_IN_FUTURE("timestamp_in_future", 400, "Signature timestamp in the future"),
    PAYLOAD_MALFORMED("payload_malformed", 400, "Body is not a JSON event"),
    PAYLOAD_INVALID("payload_invalid", 400, "Event lacks a field it needs"),
    PAYLOAD_TOO_LARGE("payload_too_large", 413, "Body too large"),
    FIELD_INVALID("field_invalid", 422, "An event field cannot be accepted"),
    TRANSMISSION_REPLAYED("transmission_replayed", 400, "Transmission id seen before with another body"),
    UNSUPPORTED_ALGORITHM("unsupported_algorithm", 400, "Signature algorithm not supported"),
    CERTIFICATE_URL_REFUSED("certificate_url_refused", 400, "Certificate URL not allowed"),
    CERTIFICATE_INVALID("certificate_invalid", 400, "Certificate not valid for this delivery"),
    CERTIFICATE_UNAVAILABLE("certificate_unavailable", 503, "Certificate could not be fetched"),
    ENDPOINT_NOT_CONFIGURED("endpoint_not_configured", 404, "No such webhook endpoint");

    private final String code;
    private final int status;
    private final String title;

    Rejection(String code, int status, String title) {
        this.code = code;
        this.status = status;
        this.title = title;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
