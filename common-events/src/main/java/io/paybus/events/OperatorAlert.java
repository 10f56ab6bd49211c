package io.paybus.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A record of {@code operations.alerts}: something an operator must look at, raised by a service
 * (not by a monitoring system): dead letters that appeared or aged, a reconciliation that found
 * events whose webhook never came, a drift check that found state differing from the provider's.
 * A condition ({@code dead_letters.open}) is {@code firing} and later {@code resolved}, each state one
 * record; a finding ({@code reconcile.losses}) is raised once, {@code firing}.
 *
 * @param alertId   stable per alert and state: a re-publication carries the same id
 * @param kind      what happened, one of {@link #KINDS}
 * @param state     {@code firing} or {@code resolved}
 * @param service   the service that raised it, e.g. {@code order-service}
 * @param subject   what it is about: a consumer's scope, a provider account, a drift check
 * @param summary   one line for a mail subject or a chat message
 * @param detail    what an operator needs to act, with the command or endpoint to use
 * @param raisedAt  when the service raised it (for {@code resolved}: when it was resolved)
 */
public record OperatorAlert(UUID alertId, String kind, String state, int schemaVersion, String service,
                            String subject, String summary, String detail, Instant raisedAt) {

    public static final int SCHEMA_VERSION = 1;
    public static final String FIRING = "firing";
    public static final String RESOLVED = "resolved";
    public static final String DEAD_LETTERS_OPEN = "dead_letters.open";
    public static final String DEAD_LETTERS_AGED = "dead_letters.aged";
    public static final String RECONCILE_LOSSES = "reconcile.losses";
    public static final String DRIFT_FOUND = "drift.found";
    public static final List<String> KINDS = List.of(DEAD_LETTERS_OPEN, DEAD_LETTERS_AGED, RECONCILE_LOSSES,
            DRIFT_FOUND);

    public OperatorAlert {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(raisedAt, "raisedAt");
        if (!FIRING.equals(state) && !RESOLVED.equals(state)) {
            throw new IllegalArgumentException("state is firing or resolved, not " + state);
        }
    }

    /** The id of an alert's state: the same for the same service, kind, subject, episode and state. */
    public static UUID idOf(String service, String kind, String subject, String episode, String state) {
        return UUID.nameUUIDFromBytes(String.join("\n", service, kind, subject, episode, state)
                .getBytes(StandardCharsets.UTF_8));
    }
}
