package io.paybus.ingest.webhook;

import io.paybus.events.Keys;
import io.paybus.events.PaymentEnvelope;
import java.util.regex.Pattern;

/**
 * What the ids of an event may be before it is published: an id that a consumer cannot store, key
 * or put in a URL would be accepted here and poison the order or billing service later. Such an
 * event is refused (422 {@code field_invalid}, naming the field) so it never enters the topic; the
 * provider's dashboard shows the failed delivery.
 */
public final class EnvelopeLimits {

    /** Order and subscription ids: what the order service's API accepts as an order id. */
    static final Pattern KEY = Keys.PATTERN;
    /** Provider ids ({@code evt_…}, {@code WH-…}, {@code pi_…}): printable ASCII, no spaces. */
    static final Pattern PROVIDER_ID = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private EnvelopeLimits() {
    }

    public static void check(PaymentEnvelope envelope) {
        require("providerEventId", envelope.providerEventId(), PROVIDER_ID);
        if (envelope.orderId() != null) {
            require("orderId", envelope.orderId(), KEY);
        }
        if (envelope.subscriptionId() != null) {
            require("subscriptionId", envelope.subscriptionId(), KEY);
        }
    }

    private static void require(String field, String value, Pattern pattern) {
        if (value == null || !pattern.matcher(value).matches()) {
            String shown = value == null ? "none" : value.length() + " characters";
            throw new WebhookRejectedException(Rejection.FIELD_INVALID, "the event's " + field + " (" + shown
                    + ") is not 1-" + (pattern == KEY ? 128 : 255) + " characters of "
                    + (pattern == KEY ? "letters, digits or . _ : -" : "printable ASCII"), field);
        }
    }
}
