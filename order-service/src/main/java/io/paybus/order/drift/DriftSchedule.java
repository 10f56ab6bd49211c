package io.paybus.order.drift;

import io.paybus.order.OrderProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Samples {@code paybus.order.drift.sample} orders every {@code drift.every} (6 h), on one instance
 * at a time across a cluster: the sample runs in a transaction holding a PostgreSQL advisory lock,
 * and an instance that does not get the lock skips this round.
 */
@Component
class DriftSchedule {

    private static final Logger log = LoggerFactory.getLogger(DriftSchedule.class);

    private final DriftChecks checks;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final OrderProperties.Drift drift;

    DriftSchedule(DriftChecks checks, JdbcTemplate jdbc, PlatformTransactionManager transactions,
            OrderProperties properties) {
        this.checks = checks;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.drift = properties.drift();
    }

    @Scheduled(fixedDelayString = "${paybus.order.drift.every:6h}", initialDelayString = "${paybus.order.drift.first-after:10m}")
    void sample() {
        if (!drift.enabled()) {
            return;
        }
        try {
            transaction.executeWithoutResult(tx -> {
                if (Boolean.TRUE.equals(jdbc.queryForObject("select pg_try_advisory_xact_lock(hashtext(?))",
                        Boolean.class, "paybus-drift-sample"))) {
                    DriftChecks.Check check = checks.sample(drift.sample(), "schedule", "scheduled drift sample");
                    log.info("drift sample {}: {} orders compared, {} differ, {} providers unreachable", check.id(),
                            check.checked(), check.drifted(), check.unreachable());
                }
            });
        } catch (RuntimeException e) {
            log.warn("drift sample failed: {}", e.toString());
        }
    }
}
