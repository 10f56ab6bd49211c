package io.paybus.order.query;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No order with that id: 404 problem+json with code {@code order_not_found}. */
class OrderNotFoundException extends ErrorResponseException {

    OrderNotFoundException(String orderId) {
        super(HttpStatus.NOT_FOUND, problem(orderId), null);
    }

    private static ProblemDetail problem(String orderId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no order " + orderId);
        problem.setType(URI.create("https://paybus.io/problems/order_not_found"));
        problem.setTitle("Order not found");
        problem.setProperty("code", "order_not_found");
        return problem;
    }
}
