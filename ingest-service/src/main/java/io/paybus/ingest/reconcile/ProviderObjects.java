package io.paybus.ingest.reconcile;

import java.time.Instant;
import java.util.List;

/**
 * A provider account's objects (payments, disputes, subscriptions, invoices, …), as an object
 * backfill reads them: for a first install or a window older than the provider keeps events. Each
 * object is listed as the snapshot events its current state implies (see
 * {@link io.paybus.events.EventSource#SNAPSHOT}): provider event JSON that the account's webhook
 * {@link Normalizer} reads like any other, dated {@code readAt}, with an id derived from the object
 * and its state, so the same state listed again is the same event and the ledger publishes it once.
 */
public interface ProviderObjects {

    /** The provider and account these are ({@code stripe:default}), as {@link ProviderEvents#account()}. */
    String account();

    /** The provider's name as webhooks and the ledger know it ({@code stripe}). */
    String provider();

    /** The kinds of object a backfill lists, in the order it lists them ({@code payment_intents}, …). */
    List<String> kinds();

    /**
     * The snapshot events of the objects of {@code kind} created in {@code [from, to]}, newest object
     * first, at most {@code limit} objects, from {@code cursor} (a previous page's
     * {@link ProviderEvents.Page#next()}; {@code null}: from the newest).
     *
     * @throws ProviderUnavailableException when the provider did not answer or refused
     */
    ProviderEvents.Page list(String kind, Instant from, Instant to, String cursor, int limit, Instant readAt);
}
