package io.paybus.billing.renewal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DunningPolicyTest {

    private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");
    private final DunningPolicy policy = new DunningPolicy(
            List.of(Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(5)), Duration.ofDays(7));

    @Test
    void eachDeclineIsRetriedAfterItsDelayThenThePeriodIsPastDue() {
        assertThat(policy.afterDeclined(1, NOW)).isEqualTo(new DunningPolicy.Retry(NOW.plus(Duration.ofDays(1))));
        assertThat(policy.afterDeclined(2, NOW)).isEqualTo(new DunningPolicy.Retry(NOW.plus(Duration.ofDays(3))));
        assertThat(policy.afterDeclined(3, NOW)).isEqualTo(new DunningPolicy.Retry(NOW.plus(Duration.ofDays(5))));
        assertThat(policy.afterDeclined(4, NOW)).isEqualTo(new DunningPolicy.PastDue(NOW.plus(Duration.ofDays(7))));
        assertThat(policy.afterDeclined(9, NOW)).isInstanceOf(DunningPolicy.PastDue.class);
    }

    @Test
    void noRetriesMeansPastDueAtOnce() {
        assertThat(new DunningPolicy(List.of(), Duration.ofDays(2)).afterDeclined(1, NOW))
                .isEqualTo(new DunningPolicy.PastDue(NOW.plus(Duration.ofDays(2))));
    }

    @Test
    void nonsenseIsRefused() {
        assertThatThrownBy(() -> new DunningPolicy(List.of(Duration.ZERO), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.afterDeclined(0, NOW)).isInstanceOf(IllegalArgumentException.class);
    }
}
