package io.paybus.platform.provider;

import com.stripe.exception.ApiConnectionException;
import com.stripe.net.HttpURLConnectionClient;
import com.stripe.net.StripeRequest;
import com.stripe.net.StripeResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * stripe-java's HTTP client, remembering the {@code Retry-After} of a 429 for the calling thread
 * (stripe-java's exceptions carry no headers). The caller that got a {@code RateLimitException}
 * asks {@link #takeRetryAfter()} how long to pause its {@link TokenBucket}.
 */
public final class RetryAfterRecordingClient extends HttpURLConnectionClient {

    private static final ThreadLocal<Duration> RETRY_AFTER = new ThreadLocal<>();

    @Override
    public StripeResponse request(StripeRequest request) throws ApiConnectionException {
        StripeResponse response = super.request(request);
        if (response.code() == 429) {
            RETRY_AFTER.set(response.headers().firstValue("Retry-After").map(RetryAfterRecordingClient::parse)
                    .orElse(Duration.ofSeconds(1)));
        }
        return response;
    }

    /** The {@code Retry-After} of this thread's last 429, once; empty when there was none. */
    public static Optional<Duration> takeRetryAfter() {
        Duration wait = RETRY_AFTER.get();
        RETRY_AFTER.remove();
        return Optional.ofNullable(wait);
    }

    /** Seconds, possibly fractional; anything else is one second. */
    static Duration parse(String value) {
        try {
            double seconds = Double.parseDouble(value.trim());
            return seconds >= 0 && seconds < 86_400 ? Duration.ofMillis((long) (seconds * 1000)) : Duration.ofSeconds(1);
        } catch (NumberFormatException notSeconds) {
            return Duration.ofSeconds(1);
        }
    }
}
