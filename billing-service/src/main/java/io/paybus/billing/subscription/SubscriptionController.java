package io.paybus.billing.subscription;

import io.paybus.billing.Problems;
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
        return subscriptions.find(id).orElseThrow(() -> Problems.of(HttpStatus.NOT_FOUND, "subscription_not_found",
                "no subscription " + id));
    }

    @GetMapping("/customers/{id}/subscriptions")
    List<Subscription> ofCustomer(@PathVariable String id) {
        return subscriptions.ofCustomer(id);
    }
}
