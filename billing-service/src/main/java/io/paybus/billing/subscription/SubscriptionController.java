package io.paybus.billing.subscription;

import io.paybus.billing.BillingIds;
import io.paybus.platform.web.ProblemException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /subscriptions/{id}}, {@code GET /customers/{id}/subscriptions}: no provider call. */
@RestController
class SubscriptionController {

    private final SubscriptionStore subscriptions;

    SubscriptionController(SubscriptionStore subscriptions) {
        this.subscriptions = subscriptions;
    }

    @GetMapping("/subscriptions/{id}")
    Subscription subscription(@PathVariable String id) {
        BillingIds.requireValid("subscription", id);
        return subscriptions.find(id).orElseThrow(() -> ProblemException.of(HttpStatus.NOT_FOUND, "subscription_not_found",
                "no subscription " + id));
    }

    @GetMapping("/customers/{id}/subscriptions")
    List<Subscription> ofCustomer(@PathVariable String id) {
        BillingIds.requireValid("customer", id);
        return subscriptions.ofCustomer(id);
    }
}
