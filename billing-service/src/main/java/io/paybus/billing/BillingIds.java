package io.paybus.billing;

import io.paybus.platform.web.ProblemException;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;

/** What customer and subscription ids may look like where they enter through our API. */
public final class BillingIds {

    private static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    private BillingIds() {
    }

    /** Refuses an id that no customer or subscription can have: 400 {@code invalid_<what>_id}. */
    public static String requireValid(String what, String id) {
        if (id == null || !PATTERN.matcher(id).matches()) {
            throw ProblemException.of(HttpStatus.BAD_REQUEST, "invalid_" + what + "_id",
                    "a " + what + " id is 1-128 letters, digits or . _ : - and starts with a letter or digit");
        }
        return id;
    }
}
