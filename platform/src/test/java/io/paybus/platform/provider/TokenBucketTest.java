package io.paybus.platform.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rate limit alone, on a clock the test moves: each wait is asked of the sleeper and moves the clock. */
class TokenBucketTest {

    private long now = 1_000_000_000L;
    private final List<Long> waits = new ArrayList<>();
    private final TokenBucket bucket = new TokenBucket(20, 5, () -> now, nanos -> {
        waits.add(nanos);
        now += nanos;
    });

    @Test
    void theBurstGoesAtOnceThenOneCallPerTickOfTheRate() throws Exception {
        for (int i = 0; i < 5; i++) {
            bucket.acquire();
        }
        assertThat(waits).isEmpty();

        bucket.acquire();
        bucket.acquire();

        assertThat(waits).containsExactly(Duration.ofMillis(50).toNanos(), Duration.ofMillis(50).toNanos());
    }

    @Test
    void tokensRefillWhileNobodyCallsButNeverBeyondTheBurst() throws Exception {
        for (int i = 0; i < 5; i++) {
            bucket.acquire();
        }
        now += Duration.ofMinutes(1).toNanos();
        for (int i = 0; i < 5; i++) {
            bucket.acquire();
        }
        assertThat(waits).isEmpty();
        bucket.acquire();
        assertThat(waits).hasSize(1);
    }

    @Test
    void aRateLimitPausesEveryCallerForItsRetryAfterAndDrainsTheBurst() throws Exception {
        bucket.pause(Duration.ofSeconds(2));
        bucket.acquire();

        assertThat(waits.stream().mapToLong(Long::longValue).sum()).isGreaterThanOrEqualTo(Duration.ofSeconds(2).toNanos());
        long afterPause = waits.size();
        bucket.acquire();
        assertThat(waits).as("the saved-up burst went with the pause").hasSizeGreaterThan((int) afterPause);
    }

    @Test
    void aShorterRetryAfterDoesNotShortenALongerPause() throws Exception {
        bucket.pause(Duration.ofSeconds(5));
        bucket.pause(Duration.ofSeconds(1));
        bucket.acquire();
        assertThat(waits.stream().mapToLong(Long::longValue).sum()).isGreaterThanOrEqualTo(Duration.ofSeconds(5).toNanos());
    }

    @Test
    void aRateAndBurstMustBePositive() {
        assertThatThrownBy(() -> new TokenBucket(0, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(5, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
