package io.paybus.billing.subscription;

import io.paybus.billing.BillingIds;
import io.paybus.platform.web.ProblemException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /subscriptions} (search), {@code GET /subscriptions/{id}},
 * {@code GET /customers/{id}/subscriptions}: no provider call.
 */
@RestController
class SubscriptionController {

    private static final java.util.Set<String> FILTERS = java.util.Set.of("status", "provider", "customerId",
            "planId", "periodEndFrom", "periodEndTo", "cancelAtPeriodEnd");

    private final SubscriptionStore subscriptions;
    private final SubscriptionSearch search;

    SubscriptionController(SubscriptionStore subscriptions, SubscriptionSearch search) {
        this.subscriptions = subscriptions;
        this.search = search;
    }

    /**
     * Subscriptions by status ({@code active}, {@code past_due}, …), provider, customer, plan, the
     * end of their current period ({@code periodEndFrom} inclusive, {@code periodEndTo} exclusive:
     * what renews in a window) and whether they cancel at its end; {@code sort} {@code -updated}
     * (default), {@code updated}, {@code periodEnd}, {@code -periodEnd}; {@code limit} 1-200 (50),
     * {@code cursor}.
     */
    @GetMapping("/subscriptions")
    SubscriptionSearch.Page search(@org.springframework.web.bind.annotation.RequestParam
            java.util.Map<String, String> parameters) {
        io.paybus.platform.web.SearchParameters query = io.paybus.platform.web.SearchParameters.of(parameters, FILTERS);
        io.paybus.platform.search.Keyset.Sort sort = query.sort(java.util.Set.of("updated", "periodEnd"),
                "-updated");
        int limit = query.limit(50, 200);
        io.paybus.platform.search.Keyset.Cursor cursor = query.cursor(sort, java.time.Instant::parse);
        String status = query.text("status");
        if (status != null && java.util.Arrays.stream(SubscriptionStatus.values()).noneMatch(s -> s.wire()
                .equals(status.toLowerCase(java.util.Locale.ROOT)))) {
            throw io.paybus.platform.web.SearchParameters.invalid("status", "one of " + java.util.Arrays.stream(
                    SubscriptionStatus.values()).map(SubscriptionStatus::wire).toList());
        }
        String customer = query.text("customerId");
        if (customer != null) {
            BillingIds.requireValid("customer", customer);
        }
        return search.find(new SubscriptionSearch.Filter(status == null ? null : status.toLowerCase(java.util.Locale.ROOT),
                query.oneOf("provider", java.util.Set.of("STRIPE", "PAYPAL")), customer, query.text("planId"),
                query.instant("periodEndFrom"), query.instant("periodEndTo"), query.bool("cancelAtPeriodEnd")), sort,
                cursor, limit);
    }

    @GetMapping("/subscriptions/{id}")
    Subscription subscription(@PathVariable String id) {
        BillingIds.requireValid("subscription", id);
        return subscriptions.find(id).orElseThrow(() -> ProblemException.of(HttpStatus.NOT_FOUND, "subscription_not_found",
                "no subscription " + id));
    }

    /**
     * A customer's subscriptions by id, {@code limit} 1-200 (100) at a time; the next page's
     * {@code cursor} in the {@code Paybus-Next-Cursor} header (absent on the last).
     */
    @GetMapping("/customers/{id}/subscriptions")
    org.springframework.http.ResponseEntity<List<Subscription>> ofCustomer(@PathVariable String id,
            @org.springframework.web.bind.annotation.RequestParam java.util.Map<String, String> parameters) {
        BillingIds.requireValid("customer", id);
        io.paybus.platform.web.SearchParameters query = io.paybus.platform.web.SearchParameters.of(parameters,
                java.util.Set.of());
        io.paybus.platform.search.Keyset.Sort sort = query.sort(java.util.Set.of("id"), "id");
        SubscriptionSearch.Page page = search.ofCustomer(id, sort, query.cursor(sort, text -> text),
                query.limit(100, 200));
        return page.nextCursor() == null ? org.springframework.http.ResponseEntity.ok(page.subscriptions())
                : org.springframework.http.ResponseEntity.ok().header("Paybus-Next-Cursor", page.nextCursor())
                        .body(page.subscriptions());
    }
}
