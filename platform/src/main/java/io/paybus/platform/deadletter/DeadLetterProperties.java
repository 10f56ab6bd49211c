package io.paybus.platform.deadletter;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Dead letters, under {@code paybus.dead-letters}.
 *
 * @param replayLease      how long a replayed record stays {@code REPLAYING} before, not applied, it is parked again
 * @param replayLeaseCheck how often expired leases are looked for
 */
@ConfigurationProperties("paybus.dead-letters")
public record DeadLetterProperties(@DefaultValue("5m") Duration replayLease,
                                   @DefaultValue("30s") Duration replayLeaseCheck) {
}
