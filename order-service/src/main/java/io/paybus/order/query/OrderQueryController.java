package io.paybus.order.query;

import io.paybus.order.OrderIds;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /orders/{id}} from the read model; {@code GET /orders/{id}/history} from the event store. */
@RestController
class OrderQueryController {

    /** The history answer: the order and its events, oldest first. */
    record HistoryView(String orderId, List<OrderHistory.Entry> events) {
    }

    private final OrderSummaryRepository summaries;
    private final OrderHistory history;

    OrderQueryController(OrderSummaryRepository summaries, OrderHistory history) {
        this.summaries = summaries;
        this.history = history;
    }

    @GetMapping("/orders/{orderId}")
    OrderView order(@PathVariable String orderId) {
        OrderIds.requireValid(orderId);
        return summaries.find(orderId).orElseThrow(() -> OrderNotFoundException.of(orderId));
    }

    @GetMapping("/orders/{orderId}/history")
    HistoryView history(@PathVariable String orderId) {
        OrderIds.requireValid(orderId);
        List<OrderHistory.Entry> events = history.of(orderId);
        if (events.isEmpty()) {
            throw OrderNotFoundException.of(orderId);
        }
        return new HistoryView(orderId, events);
    }
}
