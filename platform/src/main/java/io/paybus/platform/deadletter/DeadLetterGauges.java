package io.paybus.platform.deadletter;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What operators watch of a consumer's dead letters, the same in every service:
 * {@code paybus_dead_letters_parked{consumer}} (how many wait) and
 * {@code paybus_dead_letters_oldest_age_seconds{consumer}} (how long the oldest has waited; 0 when
 * none), {@code consumer} being its scope ({@code service/listener/topic}). Read from
 * {@code paybus_dead_letter} at most every few seconds, however often Prometheus scrapes.
 */
public final class DeadLetterGauges {

    private static final Duration FRESH = Duration.ofSeconds(5);

    private record Reading(long parked, double oldestAgeSeconds, long at) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final String consumer;
    private final AtomicReference<Reading> last = new AtomicReference<>(new Reading(0, 0, 0));

    public DeadLetterGauges(JdbcTemplate jdbc, Clock clock, MeterRegistry meters, String consumer) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.consumer = consumer;
        Gauge.builder("paybus.dead.letters.parked", this, g -> g.reading().parked())
                .description("dead letters waiting for an operator").tag("consumer", consumer).register(meters);
        Gauge.builder("paybus.dead.letters.oldest.age", this, g -> g.reading().oldestAgeSeconds())
                .description("how long the oldest parked dead letter has waited").baseUnit("seconds")
                .tag("consumer", consumer).register(meters);
    }

    private Reading reading() {
        Reading reading = last.get();
        long now = System.nanoTime();
        if (reading.at() != 0 && now - reading.at() < FRESH.toNanos()) {
            return reading;
        }
        try {
            Reading fresh = jdbc.query("select count(*), min(created_at) from paybus_dead_letter"
                    + " where consumer = ? and status = 'PARKED'", rs -> {
                        rs.next();
                        Timestamp oldest = rs.getTimestamp(2);
                        double age = oldest == null ? 0
                                : Math.max(0, Duration.between(oldest.toInstant(), clock.instant()).toMillis() / 1000.0);
                        return new Reading(rs.getLong(1), age, now);
                    }, consumer);
            last.set(fresh);
            return fresh;
        } catch (RuntimeException databaseDown) {
            return reading; // the last known figures; health says the database is down
        }
    }
}
