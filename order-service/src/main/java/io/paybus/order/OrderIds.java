package io.paybus.order;

import io.paybus.events.Keys;
import io.paybus.platform.web.ProblemException;
import org.springframework.http.HttpStatus;

/** What an order id may look like where it enters through our API: safe in URLs and provider metadata. */
public final class OrderIds {

    private OrderIds() {
    }

    public static boolean valid(String orderId) {
        return Keys.valid(orderId);
    }

    /** Refuses an id no order can have with 400 {@code invalid_order_id}. */
    public static String requireValid(String orderId) {
        if (!valid(orderId)) {
            throw ProblemException.of(HttpStatus.BAD_REQUEST, "invalid_order_id",
                    "an order id is " + Keys.DESCRIPTION);
        }
        return orderId;
    }
}
