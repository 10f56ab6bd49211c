package io.paybus.ingest.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import io.paybus.ingest.reconcile.ProviderEvents;
import io.paybus.ingest.reconcile.ProviderObjects;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A Stripe account's objects for an object backfill: {@code GET /v1/payment_intents} (latest charge
 * expanded, so its refunds come along), {@code /v1/disputes} (PaymentIntent expanded, for the
 * order), {@code /v1/subscriptions?status=all} (canceled ones too) and {@code /v1/invoices}, each
 * with {@code created} bounds and {@code starting_after} paging, newest first, through the
 * account's {@link StripeApi}; each object becomes its {@link StripeSnapshots}.
 */
public final class StripeObjectsApi implements ProviderObjects {

    private final StripeApi api;

    public StripeObjectsApi(StripeApi api) {
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
    public List<String> kinds() {
        return StripeSnapshots.KINDS;
    }

    @Override
    public ProviderEvents.Page list(String kind, Instant from, Instant to, String after, int limit, Instant readAt) {
        StringBuilder query = new StringBuilder("/v1/").append(kind).append("?created[gte]=")
                .append(from.getEpochSecond()).append("&created[lte]=").append(to.getEpochSecond())
                .append("&limit=").append(Math.min(Math.max(limit, 1), 100));
        switch (kind) {
            case "payment_intents" -> query.append("&expand[]=data.latest_charge");
            case "disputes" -> query.append("&expand[]=data.payment_intent");
            case "subscriptions" -> query.append("&status=all");
            case "invoices" -> { }
            default -> throw new IllegalArgumentException("no Stripe object list " + kind);
        }
        if (after != null) {
            query.append("&starting_after=").append(URLEncoder.encode(after, StandardCharsets.UTF_8));
        }
        JsonNode page = api.get(kind + " list", query.toString().replace("[", "%5B").replace("]", "%5D"));
        List<ProviderEvents.Listed> events = new ArrayList<>();
        String last = null;
        for (JsonNode object : page.path("data")) {
            events.addAll(StripeSnapshots.of(kind, object, readAt));
            last = object.path("id").asText();
        }
        boolean more = page.path("has_more").asBoolean(false) && last != null;
        return new ProviderEvents.Page(events, more ? last : null);
    }
}
