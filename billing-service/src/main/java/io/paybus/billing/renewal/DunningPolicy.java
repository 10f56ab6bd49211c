package io.paybus.billing.renewal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What follows a declined renewal attempt: another attempt after the next of the retry delays,
 * or, after the last one, past due until the grace period ends (then the subscription is canceled).
 * A pure rule: no clock of its own, no I/O.
 */
public record DunningPolicy(List<Duration> retryDelays, Duration cancelAfter) {

    /** What happens after attempt {@code attempt} (1 for the first) was declined at {@code now}. */
    public sealed interface Next {
    }

    /** Try again at {@code at}. */
    public record Retry(Instant at) implements Next {
    }

    /** No retries left: past due, canceled at {@code cancelAt} unless paid meanwhile. */
    public record PastDue(Instant cancelAt) implements Next {
    }

    public DunningPolicy {
        retryDelays = List.copyOf(retryDelays);
        if (retryDelays.stream().anyMatch(d -> d.isNegative() || d.isZero()) || cancelAfter.isNegative()) {
            throw new IllegalArgumentException("dunning delays must be positive");
        }
    }

    public Next afterDeclined(int attempt, Instant now) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts count from 1");
        }
        return attempt <= retryDelays.size() ? new Retry(now.plus(retryDelays.get(attempt - 1)))
                : new PastDue(now.plus(cancelAfter));
    }
}
