package io.paybus.console.api;

import io.paybus.console.ConsoleProperties;
import java.net.URI;
import java.util.Locale;

/** The services the console calls; the ones with {@link #parksRecords()} have {@code /dead-letters}. */
public enum Service {
    INGEST(false), ORDER(true), BILLING(true), NOTIFICATION(true);

    private final boolean parksRecords;

    Service(boolean parksRecords) {
        this.parksRecords = parksRecords;
    }

    public boolean parksRecords() {
        return parksRecords;
    }

    /** {@code order}, as in the console's URLs. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code order-service}, as the services name themselves. */
    public String title() {
        return id() + "-service";
    }

    URI baseUrl(ConsoleProperties properties) {
        return switch (this) {
            case INGEST -> properties.ingestUrl();
            case ORDER -> properties.orderUrl();
            case BILLING -> properties.billingUrl();
            case NOTIFICATION -> properties.notificationUrl();
        };
    }

    /** The service named {@code id} in a URL; an unknown one is a 404, not a 500. */
    public static Service of(String id) {
        for (Service service : values()) {
            if (service.id().equals(id)) {
                return service;
            }
        }
        throw new ServiceProblem(404, "no such service", "the console knows " + java.util.Arrays.stream(values())
                .map(Service::id).toList() + ", not " + id, null);
    }
}
