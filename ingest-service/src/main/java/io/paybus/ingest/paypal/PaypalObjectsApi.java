package io.paybus.ingest.paypal;

import com.fasterxml.jackson.databind.JsonNode;
import io.paybus.ingest.reconcile.ProviderEvents;
import io.paybus.ingest.reconcile.ProviderObjects;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A PayPal account's payments for an object backfill, through the Transaction Search API
 * ({@code GET /v1/reporting/transactions}, {@code start_date}/{@code end_date} at most 31 days
 * apart, pages numbered): the window is read in 31-day slices, newest first; each payment becomes
 * its {@link PaypalSnapshots} snapshot, each refund is read as its refund object. PayPal offers no
 * list of subscriptions (only one subscription by id), so subscriptions are not backfilled from
 * PayPal; their webhooks, sweeps and backfills of events cover them. Transaction Search shows a
 * transaction up to three hours after it happened.
 */
public final class PaypalObjectsApi implements ProviderObjects {

    static final Duration SLICE = Duration.ofDays(31);

    private final PaypalApi api;

    public PaypalObjectsApi(PaypalApi api) {
        this.api = api;
    }

    @Override
    public String account() {
        return api.account();
    }

    @Override
    public String provider() {
        return "paypal";
    }

    @Override
    public List<String> kinds() {
        return List.of("transactions");
    }

    /** The cursor is {@code <end of the slice, epoch seconds>:<page>}. */
    @Override
    public ProviderEvents.Page list(String kind, Instant from, Instant to, String cursor, int limit, Instant readAt) {
        Instant sliceEnd = to;
        int page = 1;
        if (cursor != null) {
            String[] parts = cursor.split(":", 2);
            sliceEnd = Instant.ofEpochSecond(Long.parseLong(parts[0]));
            page = Integer.parseInt(parts[1]);
        }
        Instant sliceStart = sliceEnd.minus(SLICE).isAfter(from) ? sliceEnd.minus(SLICE) : from;
        JsonNode answer = api.get("transaction search", "/v1/reporting/transactions?fields=all&page_size="
                + Math.min(Math.max(limit, 1), 500) + "&page=" + page + "&start_date="
                + PaypalEventsApi.encode(sliceStart.toString()) + "&end_date="
                + PaypalEventsApi.encode(sliceEnd.toString()));
        List<ProviderEvents.Listed> events = new ArrayList<>();
        for (JsonNode detail : answer.path("transaction_details")) {
            JsonNode info = detail.path("transaction_info");
            if (PaypalSnapshots.refund(info)) {
                JsonNode refund = api.get("refund", "/v2/payments/refunds/"
                        + PaypalEventsApi.encode(info.path("transaction_id").asText()));
                events.add(PaypalSnapshots.ofRefund(info, refund, readAt));
            } else {
                PaypalSnapshots.ofPayment(info, readAt).ifPresent(events::add);
            }
        }
        String next;
        if (page < answer.path("total_pages").asInt(1)) {
            next = sliceEnd.getEpochSecond() + ":" + (page + 1);
        } else if (sliceStart.isAfter(from)) {
            next = sliceStart.getEpochSecond() + ":1";
        } else {
            next = null;
        }
        return new ProviderEvents.Page(events, next);
    }
}
