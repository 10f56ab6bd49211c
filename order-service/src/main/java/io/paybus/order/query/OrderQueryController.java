package io.paybus.order.query;

import io.paybus.order.OrderIds;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import io.paybus.platform.web.ProblemException;
import org.springframework.http.HttpStatus;
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

    private static final java.util.Set<String> SEARCH_PARAMETERS = java.util.Set.of("status", "provider",
            "createdFrom", "createdTo", "updatedFrom", "updatedTo", "amountMin", "amountMax", "currency",
            "customerEmail", "customerId", "deadLetter", "sort", "limit", "cursor");
    private static final int MAX_PAGE = 200;

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
    OrderSearch.Page search(@RequestParam java.util.Map<String, String> parameters) {
        for (String name : parameters.keySet()) {
            if (!SEARCH_PARAMETERS.contains(name)) {
                throw invalid(name, "unknown parameter; known: " + new java.util.TreeSet<>(SEARCH_PARAMETERS));
            }
        }
        String sortText = parameters.getOrDefault("sort", "-created");
        boolean ascending = !sortText.startsWith("-");
        OrderSearch.Sort sort = switch (ascending ? sortText : sortText.substring(1)) {
            case "created" -> OrderSearch.Sort.CREATED;
            case "updated" -> OrderSearch.Sort.UPDATED;
            case "amount" -> OrderSearch.Sort.AMOUNT;
            default -> throw invalid("sort", "one of created, updated, amount, each with a leading - for descending");
        };
        int limit = (int) number(parameters, "limit", 50L);
        if (limit < 1 || limit > MAX_PAGE) {
            throw invalid("limit", "1 to " + MAX_PAGE);
        }
        OrderSearch.Cursor cursor = null;
        if (parameters.containsKey("cursor")) {
            cursor = OrderSearch.Cursor.decode(parameters.get("cursor"));
            if (cursor == null || cursor.sort() != sort || cursor.ascending() != ascending) {
                throw invalid("cursor", "not a cursor of this sort: pass the nextCursor of the previous page unchanged");
            }
        }
        String status = upper(parameters.get("status"));
        if (status != null && java.util.Arrays.stream(io.paybus.order.command.OrderStatus.values())
                .noneMatch(s -> s.name().equals(status))) {
            throw invalid("status", "one of " + java.util.Arrays.toString(io.paybus.order.command.OrderStatus.values()));
        }
        String provider = upper(parameters.get("provider"));
        if (provider != null && !provider.equals("STRIPE") && !provider.equals("PAYPAL")) {
            throw invalid("provider", "STRIPE or PAYPAL");
        }
        String currency = upper(parameters.get("currency"));
        if (currency != null && !currency.matches("[A-Z]{3}")) {
            throw invalid("currency", "an ISO 4217 code, e.g. EUR");
        }
        String deadLetter = parameters.get("deadLetter");
        if (deadLetter != null && !deadLetter.equals("true") && !deadLetter.equals("false")) {
            throw invalid("deadLetter", "true or false");
        }
        OrderSearch.Filter filter = new OrderSearch.Filter(status, provider, instant(parameters, "createdFrom"),
                instant(parameters, "createdTo"), instant(parameters, "updatedFrom"), instant(parameters, "updatedTo"),
                parameters.containsKey("amountMin") ? number(parameters, "amountMin", 0L) : null,
                parameters.containsKey("amountMax") ? number(parameters, "amountMax", 0L) : null, currency,
                parameters.get("customerEmail"), parameters.get("customerId"),
                deadLetter == null ? null : Boolean.valueOf(deadLetter));
        return search.find(filter, sort, ascending, cursor, limit);
    }

    private static String upper(String value) {
        return value == null ? null : value.toUpperCase(java.util.Locale.ROOT);
    }

    private static long number(java.util.Map<String, String> parameters, String name, long otherwise) {
        String value = parameters.get(name);
        if (value == null) {
            return otherwise;
        }
        try {
            long number = Long.parseLong(value);
            if (number < 0) {
                throw invalid(name, "not negative");
            }
            return number;
        } catch (NumberFormatException e) {
            throw invalid(name, "a whole number");
        }
    }

    private static java.time.Instant instant(java.util.Map<String, String> parameters, String name) {
        String value = parameters.get(name);
        try {
            return value == null ? null : java.time.Instant.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw invalid(name, "an instant, e.g. 2026-12-01T00:00:00Z");
        }
    }

    private static ProblemException invalid(String field, String expected) {
        return new ProblemException(HttpStatus.BAD_REQUEST, "field_invalid", field + ": " + expected,
                java.util.Map.of("field", field));
    }

    @GetMapping("/orders/{orderId}")
    OrderView order(@PathVariable String orderId) {
        OrderIds.requireValid(orderId);
        return summaries.find(orderId).orElseThrow(() -> OrderNotFoundException.of(orderId));
    }

    /** The order's events after sequence {@code after} (from the first without), {@code limit} (1-1000, 200) at a time. */
    @GetMapping("/orders/{orderId}/history")
    HistoryView history(@PathVariable String orderId, @RequestParam java.util.Map<String, String> parameters) {
        OrderIds.requireValid(orderId);
        for (String name : parameters.keySet()) {
            if (!name.equals("after") && !name.equals("limit")) {
                throw invalid(name, "unknown parameter; known: after, limit");
            }
        }
        int limit = (int) number(parameters, "limit", 200L);
        if (limit < 1 || limit > 1000) {
            throw invalid("limit", "1 to 1000");
        }
        long from = parameters.containsKey("after") ? number(parameters, "after", 0L) + 1 : 0;
        List<OrderHistory.Entry> events = history.of(orderId, from, limit + 1);
        if (events.isEmpty() && from == 0) {
            throw OrderNotFoundException.of(orderId);
        }
        List<OrderHistory.Entry> page = events.stream().limit(limit).toList();
        return new HistoryView(orderId, page, events.size() > limit ? page.get(page.size() - 1).sequence() : null);
    }
}
