package io.paybus.order.gateway;

import java.time.Duration;
import org.springframework.http.HttpStatus;

/**
 * A provider call that did not succeed, classified so that the API can answer it clearly and
 * knows whether trying again may help.
 */
public class ProviderFailure extends RuntimeException {

    /** What went wrong, the answer our API gives, and whether the outcome is final. */
    public enum Kind {
        /** The provider refused the request as such (4xx): the same request fails again. */
        REJECTED(HttpStatus.UNPROCESSABLE_CONTENT, "provider_rejected", true),
        /** The payer's bank or the provider declined the payment. */
        DECLINED(HttpStatus.PAYMENT_REQUIRED, "payment_declined", true),
        /** The provider asked us to slow down (429). */
        RATE_LIMITED(HttpStatus.SERVICE_UNAVAILABLE, "provider_rate_limited", false),
        /** The provider failed (5xx): it may or may not have done the work. */
        UNAVAILABLE(HttpStatus.BAD_GATEWAY, "provider_unavailable", false),
        /** No answer in time or no connection: it may or may not have done the work. */
        TIMEOUT(HttpStatus.GATEWAY_TIMEOUT, "provider_timeout", false),
        /** The provider refused our credentials (401/403): a configuration problem. */
        MISCONFIGURED(HttpStatus.BAD_GATEWAY, "provider_auth_failed", false),
        /** This provider has no credentials configured here. */
        NOT_CONFIGURED(HttpStatus.SERVICE_UNAVAILABLE, "provider_not_configured", false);

        private final HttpStatus status;
        private final String code;
        private final boolean definitive;

        Kind(HttpStatus status, String code, boolean definitive) {
            this.status = status;
            this.code = code;
            this.definitive = definitive;
        }

        public HttpStatus status() {
            return status;
        }

        public String code() {
            return code;
        }

        /** The provider decided: retrying the same request gives the same answer. */
        public boolean definitive() {
            return definitive;
        }
    }

    private final Kind kind;
    private final String provider;
    private final String providerCode;
    private final Duration retryAfter;

    public ProviderFailure(Kind kind, String provider, String providerCode, String message, Duration retryAfter,
            Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.provider = provider;
        this.providerCode = providerCode;
        this.retryAfter = retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    public String provider() {
        return provider;
    }

    /** The provider's own error code, if it gave one. */
    public String providerCode() {
        return providerCode;
    }

    /** How long the provider asked us to wait, or {@code null}. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
