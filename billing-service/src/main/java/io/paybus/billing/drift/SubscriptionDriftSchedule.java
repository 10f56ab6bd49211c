package io.paybus.billing.drift;

import io.paybus.billing.BillingProperties;
import io.paybus.platform.cluster.ClusterOnce;
import io.paybus.platform.drift.DriftLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Samples {@code paybus.billing.drift.sample} subscriptions every {@code drift.every} (6 h), one instance at a time. */
@Component
class SubscriptionDriftSchedule {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionDriftSchedule.class);

    private final SubscriptionDrift drift;
    private final ClusterOnce once;
    private final BillingProperties.Drift properties;

    SubscriptionDriftSchedule(SubscriptionDrift drift, ClusterOnce once, BillingProperties properties) {
        this.drift = drift;
        this.once = once;
        this.properties = properties.drift();
    }

    @Scheduled(fixedDelayString = "${paybus.billing.drift.every:6h}",
            initialDelayString = "${paybus.billing.drift.first-after:10m}")
    void sample() {
        if (!properties.enabled()) {
            return;
        }
        try {
            once.run("paybus-subscription-drift-sample", () -> {
                DriftLedger.Check check = drift.sample(properties.sample(), "schedule", "scheduled drift sample");
                log.info("subscription drift sample {}: {} compared, {} differ, {} unreachable", check.id(),
                        check.checked(), check.drifted(), check.unreachable());
            });
        } catch (RuntimeException e) {
            log.warn("subscription drift sample failed: {}", e.toString());
        }
    }
}
