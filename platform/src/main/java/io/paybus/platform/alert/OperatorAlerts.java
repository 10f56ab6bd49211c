package io.paybus.platform.alert;

import io.micrometer.core.instrument.MeterRegistry;
import io.paybus.events.OperatorAlert;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Raises alerts for operators ({@code operations.alerts}): a row in {@code paybus_alert}, in the
 * caller's transaction where it has one, published by {@link AlertRelay}. A <em>finding</em> (a
 * reconciliation's losses, a drift check's differences) is raised once per subject; a
 * <em>condition</em> (dead letters open) fires once and stays firing, however often it is found
 * again, until it is resolved, which publishes a {@code resolved} record. Metric
 * {@code paybus_alerts_raised_total{kind, state}}.
 */
public class OperatorAlerts {

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final String service;
    private final MeterRegistry meters;

    public OperatorAlerts(JdbcTemplate jdbc, Clock clock, String service, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.service = service;
        this.meters = meters;
    }

    /** A one-off finding about {@code subject}; raised again with the same subject, nothing new. */
    public boolean finding(String kind, String subject, String summary, String detail) {
        UUID id = OperatorAlert.idOf(service, kind, subject, "", OperatorAlert.FIRING);
        return insert(id, kind, OperatorAlert.FIRING, subject, summary, detail, false, "(alert_id)");
    }

    /** The condition holds: fires unless it is firing already. */
    public boolean firing(String kind, String subject, String summary, String detail) {
        UUID id = OperatorAlert.idOf(service, kind, subject, clock.instant().toString() + "#" + UUID.randomUUID(),
                OperatorAlert.FIRING);
        return insert(id, kind, OperatorAlert.FIRING, subject, summary, detail, true,
                "(kind, subject) where condition and state = 'firing' and resolved_at is null");
    }

    /** The condition no longer holds: resolves it if it was firing. */
    public boolean resolved(String kind, String subject, String summary) {
        List<UUID> firing = jdbc.queryForList("update paybus_alert set resolved_at = ? where kind = ? and subject = ?"
                + " and condition and state = 'firing' and resolved_at is null returning alert_id", UUID.class,
                Timestamp.from(clock.instant()), kind, subject);
        if (firing.isEmpty()) {
            return false;
        }
        UUID id = OperatorAlert.idOf(service, kind, subject, firing.get(0).toString(), OperatorAlert.RESOLVED);
        return insert(id, kind, OperatorAlert.RESOLVED, subject, summary, null, true, "(alert_id)");
    }

    private boolean insert(UUID id, String kind, String state, String subject, String summary, String detail,
            boolean condition, String conflict) {
        boolean raised = jdbc.update("insert into paybus_alert (alert_id, kind, state, subject, summary, detail,"
                + " raised_at, condition) values (?, ?, ?, ?, ?, ?, ?, ?) on conflict " + conflict + " do nothing", id,
                kind, state, subject, summary, detail, Timestamp.from(clock.instant()), condition) == 1;
        if (raised && meters != null) {
            meters.counter("paybus.alerts.raised", "kind", kind, "state", state).increment();
        }
        return raised;
    }

    public String service() {
        return service;
    }
}
