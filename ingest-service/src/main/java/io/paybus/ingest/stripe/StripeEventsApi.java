package io.paybus.ingest.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.model.Event;
import com.stripe.model.StripeCollection;
import com.stripe.param.EventListParams;
import io.paybus.ingest.reconcile.ProviderEvents;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A Stripe account's events ({@code GET /v1/events}, kept 30 days) through stripe-java, newest
 * first, with {@code created} bounds and {@code starting_after} paging, called through the
 * account's {@link StripeApi} (its rate limit, 429s and failures).
 */
public final class StripeEventsApi implements ProviderEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StripeApi api;

    public StripeEventsApi(StripeApi api) {
        this.api = api;
    }

    @Override
    public String account() {
        return api.account();
    }

    @Override
    public String provider() {
        return "stripe";
    }

    @Override
    public Page list(Instant from, Instant to, String after, int limit) {
        // The cursor is the last event of the previous page: Stripe's starting_after.
        EventListParams.Builder params = EventListParams.builder()
                .setCreated(EventListParams.Created.builder().setGte(from.getEpochSecond())
                        .setLte(to.getEpochSecond()).build())
                .setLimit((long) Math.min(Math.max(limit, 1), 100));
        if (after != null) {
            params.setStartingAfter(after);
        }
        EventListParams built = params.build();
        StripeCollection<Event> page = api.call("events list", client -> client.v1().events().list(built));
        List<Listed> events = new ArrayList<>(page.getData().size());
        for (Event event : page.getData()) {
            String json = event.toJson();
            events.add(new Listed(event.getId(), Instant.ofEpochSecond(created(event, json)), json));
        }
        boolean more = Boolean.TRUE.equals(page.getHasMore()) && !events.isEmpty();
        return new Page(events, more ? events.get(events.size() - 1).id() : null);
    }
    private static long created(Event event, String json) {
        if (event.getCreated() != null) {
            return event.getCreated();
        }
        try {
            JsonNode node = JSON.readTree(json);
            return node.path("created").asLong();
        } catch (IOException e) {
            return 0;
        }
    }
}
