package io.paybus.ingest.reconcile;

import java.time.Instant;
import java.util.List;

/**
 * A provider account's events API, as reconciliation reads it: the events created in a window,
 * newest first, a page at a time, continuing after the last event of the previous page.
 */
public interface ProviderEvents {

    /** One event as the provider keeps it: its id, when it was created, its JSON as a webhook would carry it. */
    record Listed(String id, Instant created, String json) {
    }

    /** A page of events and where the next page starts ({@code null}: this was the last). */
    record Page(List<Listed> events, String next) {
        public boolean hasMore() {
            return next != null;
        }
    }

    /** The provider and account these are ({@code stripe:default}); what runs and metrics name. */
    String account();

    /** The provider's name as webhooks and the ledger know it ({@code stripe}). */
    String provider();

    /**
     * Events created in {@code [from, to]}, newest first, at most {@code limit}, from {@code cursor}
     * (a previous page's {@link Page#next()}; {@code null}: from the newest). Waits as the provider's
     * rate limit asks.
     *
     * @throws ProviderUnavailableException when the provider did not answer or refused
     */
    Page list(Instant from, Instant to, String cursor, int limit);
}
