package io.paybus.order.query;

import io.paybus.platform.web.ProblemException;
import org.springframework.http.HttpStatus;

/** No order with that id: 404 problem+json with code {@code order_not_found}. */
final class OrderNotFoundException {

    private OrderNotFoundException() {
    }

    static RuntimeException of(String orderId) {
        return ProblemException.of(HttpStatus.NOT_FOUND, "order_not_found", "no order " + orderId);
    }
}
