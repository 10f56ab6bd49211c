package io.paybus.order.gateway;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the unified gateway reaches the providers, under {@code paybus.order.gateway}. A provider
 * without credentials answers {@code provider-not-configured}.
 *
 * @param timeout           connect and read timeout of one provider call
 * @param maxNetworkRetries retries of a call that failed on the network or with a 5xx, with the
 *                          same idempotency key
 * @param idempotencyLease  how long a request holding an {@code Idempotency-Key} blocks others with
 *                          the same key before it is considered abandoned
 */
@ConfigurationProperties("paybus.order.gateway")
public record GatewayProperties(
        @DefaultValue Stripe stripe,
        @DefaultValue Paypal paypal,
        @DefaultValue("10s") Duration timeout,
        @DefaultValue("1") int maxNetworkRetries,
        @DefaultValue("60s") Duration idempotencyLease) {

    /**
     * @param apiBase Stripe's API, or a stub's
     * @param apiKey  secret key ({@code sk_…}); none: Stripe is not configured
     */
    public record Stripe(@DefaultValue("https://api.stripe.com") String apiBase, String apiKey) {

        public boolean configured() {
            return apiKey != null && !apiKey.isBlank();
        }
    }

    /**
     * @param apiBase      PayPal's REST API ({@code https://api-m.paypal.com} live), or a stub's
     * @param clientId     REST app client id; none: PayPal is not configured
     * @param clientSecret REST app secret
     * @param returnUrl    default return URL after approval
     * @param cancelUrl    default cancel URL
     * @param capture      {@code automatic}: an approved order is captured when its
     *                     {@code CHECKOUT.ORDER.APPROVED} arrives; {@code manual}: by
     *                     {@code POST /orders/{id}/capture} only
     */
    public record Paypal(@DefaultValue("https://api-m.sandbox.paypal.com") String apiBase, String clientId,
                         String clientSecret, String returnUrl, String cancelUrl,
                         @DefaultValue("automatic") String capture) {

        public Paypal {
            if (!"automatic".equals(capture) && !"manual".equals(capture)) {
                throw new IllegalArgumentException("paybus.order.gateway.paypal.capture is automatic or manual, not "
                        + capture);
            }
        }

        public boolean automaticCapture() {
            return "automatic".equals(capture);
        }

        public boolean configured() {
            return clientId != null && !clientId.isBlank() && clientSecret != null && !clientSecret.isBlank();
        }
    }
}
