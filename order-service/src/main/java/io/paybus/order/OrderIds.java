package io.paybus.order;

import io.paybus.platform.web.ProblemException;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;

/** What an order id may look like where it enters through our API: safe in URLs and provider metadata. */
public final class OrderIds {

    public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    private OrderIds() {
    }

    public static boolean valid(String orderId) {
        return orderId != null && PATTERN.matcher(orderId).matches();
    }

    /** Refuses an id no order can have with 400 {@code invalid_order_id}. */
    public static String requireValid(String orderId) {
        if (!valid(orderId)) {
            throw ProblemException.of(HttpStatus.BAD_REQUEST, "invalid_order_id",
                    "an order id is 1-128 letters, digits or . _ : - and starts with a letter or digit");
        }
        return orderId;
    }
}
