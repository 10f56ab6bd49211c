package io.paybus.platform.deadletter;

import io.paybus.events.OperatorAlert;
import io.paybus.platform.alert.OperatorAlerts;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Alerts operators to dead letters, per consumer: {@code dead_letters.open} fires when a consumer
 * has parked records and is resolved when it has none left; {@code dead_letters.aged} fires when the
 * oldest has waited longer than {@code paybus.alerts.dead-letter-age}. Looked at every
 * {@code paybus.alerts.dead-letter-check}; each condition fires once per episode, on any number of
 * instances.
 */
final class DeadLetterAlarms {

    private final JdbcTemplate jdbc;
    private final OperatorAlerts alerts;
    private final List<String> consumers;
    private final Duration age;
    private final Clock clock;

    DeadLetterAlarms(JdbcTemplate jdbc, OperatorAlerts alerts, List<String> consumers, Duration age, Clock clock) {
        this.jdbc = jdbc;
        this.alerts = alerts;
        this.consumers = consumers;
        this.age = age;
        this.clock = clock;
    }

    void check() {
        for (String consumer : consumers) {
            jdbc.query("select count(*), min(created_at) from paybus_dead_letter where consumer = ? and status = 'PARKED'",
                    rs -> {
                        long open = rs.getLong(1);
                        Timestamp oldest = rs.getTimestamp(2);
                        judge(consumer, open, oldest == null ? null : oldest.toInstant());
                    }, consumer);
        }
    }

    private void judge(String consumer, long open, Instant oldest) {
        String list = "GET /dead-letters?consumer=" + consumer + " on " + alerts.service()
                + " (./deploy/dead-letters.sh list); replay or discard each with a reason";
        if (open == 0) {
            alerts.resolved(OperatorAlert.DEAD_LETTERS_OPEN, consumer, "no dead letters left in " + consumer);
            alerts.resolved(OperatorAlert.DEAD_LETTERS_AGED, consumer, "no dead letters left in " + consumer);
            return;
        }
        alerts.firing(OperatorAlert.DEAD_LETTERS_OPEN, consumer, open + " dead letter(s) in " + consumer,
                "records " + consumer + " could not apply are parked, the oldest since " + oldest + ". " + list);
        if (oldest.isBefore(clock.instant().minus(age))) {
            alerts.firing(OperatorAlert.DEAD_LETTERS_AGED, consumer, "dead letters in " + consumer
                    + " waiting longer than " + age, open + " parked, the oldest since " + oldest + ". " + list);
        } else {
            alerts.resolved(OperatorAlert.DEAD_LETTERS_AGED, consumer, "no dead letter in " + consumer
                    + " older than " + age + " any more");
        }
    }
}
