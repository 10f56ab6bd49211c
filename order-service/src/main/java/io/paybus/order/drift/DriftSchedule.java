package io.paybus.order.drift;

import io.paybus.order.OrderProperties;
import io.paybus.platform.cluster.ClusterOnce;
import io.paybus.platform.drift.DriftLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Samples {@code paybus.order.drift.sample} orders every {@code drift.every} (6 h), on one instance
 * at a time across a cluster ({@link ClusterOnce}: an instance that does not get the lock skips this
 * round).
 */
@Component
class DriftSchedule {

    private static final Logger log = LoggerFactory.getLogger(DriftSchedule.class);

    private final DriftChecks checks;
    private final ClusterOnce once;
    private final OrderProperties.Drift drift;

    DriftSchedule(DriftChecks checks, ClusterOnce once, OrderProperties properties) {
        this.checks = checks;
        this.once = once;
        this.drift = properties.drift();
    }

    @Scheduled(fixedDelayString = "${paybus.order.drift.every:6h}", initialDelayString = "${paybus.order.drift.first-after:10m}")
    void sample() {
        if (!drift.enabled()) {
            return;
        }
        try {
            once.run("paybus-drift-sample", () -> {
                DriftLedger.Check check = checks.sample(drift.sample(), DriftChecks.Filter.ANY, "schedule", "scheduled drift sample");
                log.info("drift sample {}: {} orders compared, {} differ, {} providers unreachable", check.id(),
                        check.checked(), check.drifted(), check.unreachable());
            });
        } catch (RuntimeException e) {
            log.warn("drift sample failed: {}", e.toString());
        }
    }
}
