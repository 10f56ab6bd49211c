package io.paybus.order.query;

import io.paybus.order.OrderIds;
import io.paybus.order.command.OrderStatus;
import io.paybus.platform.search.Keyset;
import io.paybus.platform.web.SearchParameters;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /orders} (search) and {@code GET /orders/{id}} from the read model;
 * {@code GET /orders/{id}/history} from the event store.
 */
@RestController
class OrderQueryController {

    /**
     * The history answer: the order and a page of its events, oldest first; {@code nextAfter} is the
     * {@code after} of the next page ({@code null} on the last).
     */
    record HistoryView(String orderId, List<OrderHistory.Entry> events, Long nextAfter) {
    }

    private static final Set<String> FILTERS = Set.of("status", "provider", "createdFrom", "createdTo",
            "updatedFrom", "updatedTo", "amountMin", "amountMax", "currency", "customerEmail", "customerId",
            "deadLetter");
    private static final Set<String> STATUSES = Arrays.stream(OrderStatus.values()).map(Enum::name)
            .collect(Collectors.toSet());

    private final OrderSummaryRepository summaries;
    private final OrderHistory history;
    private final OrderSearch search;

    OrderQueryController(OrderSummaryRepository summaries, OrderHistory history, OrderSearch search) {
        this.summaries = summaries;
        this.history = history;
        this.search = search;
    }

    /**
     * Orders by status, provider, creation and change ranges ({@code createdFrom} inclusive,
     * {@code createdTo} exclusive), amount range (minor units), currency, customer email or id, and
     * whether they have an open dead letter; {@code sort} {@code -created} (the default),
     * {@code created}, {@code -updated}, {@code updated}, {@code -amount}, {@code amount};
     * {@code limit} 1-200 (50); {@code cursor} from the previous page's {@code nextCursor}.
     */
    @GetMapping("/orders")
    OrderSearch.Page search(@RequestParam Map<String, String> parameters) {
        SearchParameters query = SearchParameters.of(parameters, FILTERS);
        Keyset.Sort sort = query.sort(Set.of("created", "updated", "amount"), "-created");
        int limit = query.limit(50, 200);
        Keyset.Cursor cursor = query.cursor(sort, sort.name().equals("amount") ? Long::parseLong : Instant::parse);
        String currency = query.text("currency");
        if (currency != null && !currency.matches("[A-Za-z]{3}")) {
            throw SearchParameters.invalid("currency", "an ISO 4217 code, e.g. EUR");
        }
        OrderSearch.Filter filter = new OrderSearch.Filter(query.oneOf("status", STATUSES),
                query.oneOf("provider", Set.of("STRIPE", "PAYPAL")), query.instant("createdFrom"),
                query.instant("createdTo"), query.instant("updatedFrom"), query.instant("updatedTo"),
                query.number("amountMin"), query.number("amountMax"),
                currency == null ? null : currency.toUpperCase(Locale.ROOT), query.text("customerEmail"),
                query.text("customerId"), query.bool("deadLetter"));
        return search.find(filter, sort, cursor, limit);
    }

    @GetMapping("/orders/{orderId}")
    OrderView order(@PathVariable String orderId) {
        OrderIds.requireValid(orderId);
        return summaries.find(orderId).orElseThrow(() -> OrderNotFoundException.of(orderId));
    }

    /** The order's events after sequence {@code after} (from the first without), {@code limit} (1-1000, 200) at a time. */
    @GetMapping("/orders/{orderId}/history")
    HistoryView history(@PathVariable String orderId, @RequestParam Map<String, String> parameters) {
        OrderIds.requireValid(orderId);
        SearchParameters query = SearchParameters.of(parameters, Set.of("after"));
        if (query.text("sort") != null || query.text("cursor") != null) {
            throw SearchParameters.invalid(query.text("sort") != null ? "sort" : "cursor",
                    "a history is oldest first, paged with after");
        }
        int limit = query.limit(200, 1000);
        Long after = query.number("after");
        long from = after == null ? 0 : after + 1;
        List<OrderHistory.Entry> events = history.of(orderId, from, limit + 1);
        if (events.isEmpty() && from == 0) {
            throw OrderNotFoundException.of(orderId);
        }
        List<OrderHistory.Entry> page = events.stream().limit(limit).toList();
        return new HistoryView(orderId, page, events.size() > limit ? page.get(page.size() - 1).sequence() : null);
    }
}
