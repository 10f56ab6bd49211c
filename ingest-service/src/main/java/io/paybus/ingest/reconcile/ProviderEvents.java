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

    record Page(List<Listed> events, boolean hasMore) {
    }

    /** The provider and account these are ({@code stripe:default}); what runs and metrics name. */
    String account();

    /** The provider's name as webhooks and the ledger know it ({@code stripe}). */
    String provider();

    /**
     * Events created in {@code [from, to]}, newest first, after the event {@code after} (null: from
     * the newest), at most {@code limit}. Waits as the provider's rate limit asks.
     *
     * @throws ProviderUnavailableException when the provider did not answer or refused
     */
    Page list(Instant from, Instant to, String after, int limit);
}
