package io.paybus.billing.provider;

import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.CardException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;

/**
 * What a Stripe failure means for a renewal, as one rule: a rate limit is waited out and the call
 * repeated; a card decline (or a 402) is a declined payment for dunning; no answer, a 409
 * (idempotent request still in flight) or a 5xx is transient, retried with the same key; any other
 * 4xx is Stripe refusing the request, which no retry fixes.
 */
final class StripeErrors {

    enum Kind { RATE_LIMITED, DECLINED, NO_ANSWER, TRANSIENT, REJECTED }

    /** The kind, and the provider's code (the decline code for a card decline). */
    record Classified(Kind kind, String code) {
    }

    private StripeErrors() {
    }

    static Classified classify(StripeException e) {
        if (e instanceof RateLimitException) {
            return new Classified(Kind.RATE_LIMITED, e.getCode());
        }
        if (e instanceof CardException card) {
            return new Classified(Kind.DECLINED, card.getDeclineCode() != null ? card.getDeclineCode() : card.getCode());
        }
        if (e instanceof ApiConnectionException) {
            return new Classified(Kind.NO_ANSWER, null);
        }
        Integer status = e.getStatusCode();
        if (status != null && status == 402) {
            return new Classified(Kind.DECLINED, e.getCode());
        }
        if (status != null && status >= 400 && status < 500 && status != 409) {
            return new Classified(Kind.REJECTED, e.getCode());
        }
        return new Classified(Kind.TRANSIENT, e.getCode());
    }
}
