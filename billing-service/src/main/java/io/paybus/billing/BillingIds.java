package io.paybus.billing;

import io.paybus.events.Keys;
import io.paybus.platform.web.ProblemException;
import org.springframework.http.HttpStatus;

/** What customer and subscription ids may look like where they enter through our API. */
public final class BillingIds {

    private BillingIds() {
    }

    /** Refuses an id that no customer or subscription can have: 400 {@code invalid_<what>_id}. */
    public static String requireValid(String what, String id) {
        if (!Keys.valid(id)) {
            throw ProblemException.of(HttpStatus.BAD_REQUEST, "invalid_" + what + "_id",
                    "a " + what + " id is " + Keys.DESCRIPTION);
        }
        return id;
    }
}
