package io.paybus.billing.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.RateLimitException;
import io.paybus.billing.provider.StripeErrors.Classified;
import io.paybus.billing.provider.StripeErrors.Kind;
import org.junit.jupiter.api.Test;

class StripeErrorsTest {

    @Test
    void aRateLimitIsWaitedOut() {
        assertThat(StripeErrors.classify(new RateLimitException("slow down", null, "req", "rate_limit", 429, null)))
                .isEqualTo(new Classified(Kind.RATE_LIMITED, "rate_limit"));
    }

    @Test
    void aCardDeclineIsADeclinedPaymentWithItsDeclineCode() {
        assertThat(StripeErrors.classify(new CardException("no", "req", "card_declined", null, "insufficient_funds",
                null, 402, null))).isEqualTo(new Classified(Kind.DECLINED, "insufficient_funds"));
        assertThat(StripeErrors.classify(new CardException("no", "req", "card_declined", null, null, null, 402, null)))
                .isEqualTo(new Classified(Kind.DECLINED, "card_declined"));
        assertThat(StripeErrors.classify(new InvalidRequestException("pay", null, "req", "invoice_payment_failed",
                402, null))).isEqualTo(new Classified(Kind.DECLINED, "invoice_payment_failed"));
    }

    @Test
    void noAnswerAConflictOrA5xxIsTransient() {
        assertThat(StripeErrors.classify(new ApiConnectionException("timed out")).kind()).isEqualTo(Kind.NO_ANSWER);
        assertThat(StripeErrors.classify(new IdempotencyException("in flight", "req", "idempotency", 409)).kind())
                .isEqualTo(Kind.TRANSIENT);
        assertThat(StripeErrors.classify(new ApiException("oops", "req", "api_error", 500, null)).kind())
                .isEqualTo(Kind.TRANSIENT);
        assertThat(StripeErrors.classify(new ApiException("no status", "req", null, null, null)).kind())
                .isEqualTo(Kind.TRANSIENT);
    }

    @Test
    void anyOther4xxIsARefusalNoRetryFixes() {
        assertThat(StripeErrors.classify(new InvalidRequestException("no such customer", "customer", "req",
                "resource_missing", 404, null))).isEqualTo(new Classified(Kind.REJECTED, "resource_missing"));
        assertThat(StripeErrors.classify(new AuthenticationException("bad key", "req", null, 401)).kind())
                .isEqualTo(Kind.REJECTED);
    }
}
