package io.paybus.order.gateway.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.PermissionException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.Charge;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentRetrieveParams;
import com.stripe.param.RefundCreateParams;
import io.paybus.order.command.RefundTarget;
import io.paybus.order.gateway.CreatedPayment;
import io.paybus.order.gateway.CreatedRefund;
import io.paybus.order.gateway.GatewayProperties;
import io.paybus.order.gateway.PaymentProvider;
import io.paybus.order.gateway.PaymentRequest;
import io.paybus.order.gateway.ProviderFailure;
import io.paybus.order.gateway.ProviderPayment;
import io.paybus.order.gateway.ProviderFailure.Kind;
import io.paybus.events.Money;
import java.time.Duration;
import java.util.Currency;
import java.util.Locale;

/**
 * Stripe through stripe-java's {@link StripeClient}: a PaymentIntent per order (with
 * {@code metadata.order_id}, so its webhooks find the order) and refunds of it. The API base is
 * configurable, which is how tests put a local stub behind the real client.
 */
public class StripeProvider implements PaymentProvider {

    public static final String NAME = "STRIPE";

    private final StripeClient client;

    public StripeProvider(GatewayProperties properties) {
        GatewayProperties.Stripe stripe = properties.stripe();
        this.client = stripe.configured()
                ? StripeClient.builder()
                        .setApiKey(stripe.apiKey())
                        .setApiBase(stripe.apiBase())
                        .setConnectTimeout((int) properties.timeout().toMillis())
                        .setReadTimeout((int) properties.timeout().toMillis())
                        .setMaxNetworkRetries(properties.maxNetworkRetries())
                        .build()
                : null;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CreatedPayment createPayment(PaymentRequest request, String idempotencyKey) {
        PaymentIntentCreateParams.Builder params = PaymentIntentCreateParams.builder()
                .setAmount(request.amount().minor())
                .setCurrency(request.amount().currency().getCurrencyCode().toLowerCase(Locale.ROOT))
                .putMetadata("order_id", request.orderId())
                .setAutomaticPaymentMethods(PaymentIntentCreateParams.AutomaticPaymentMethods.builder()
                        .setEnabled(true).build());
        if (request.description() != null) {
            params.setDescription(request.description());
        }
        PaymentIntent intent = call(() -> client().v1().paymentIntents().create(params.build(), options(idempotencyKey)));
        return new CreatedPayment(intent.getId(), intent.getStatus(), intent.getClientSecret(), null);
    }

    /**
     * The PaymentIntent with its latest charge ({@code expand[]=latest_charge}): status, amount,
     * amount received, refunded and disputed as the charge says, {@code metadata.order_id}.
     */
    @Override
    public ProviderPayment query(String providerRef) {
        PaymentIntent intent = call(() -> client().v1().paymentIntents().retrieve(providerRef,
                PaymentIntentRetrieveParams.builder().addExpand("latest_charge").build(), RequestOptions.getDefault()));
        Currency currency = Currency.getInstance(intent.getCurrency().toUpperCase(Locale.ROOT));
        Charge charge = intent.getLatestChargeObject();
        long refunded = charge == null || charge.getAmountRefunded() == null ? 0 : charge.getAmountRefunded();
        long received = intent.getAmountReceived() == null ? 0 : intent.getAmountReceived();
        boolean disputed = charge != null && Boolean.TRUE.equals(charge.getDisputed());
        String orderId = intent.getMetadata() == null ? null : intent.getMetadata().get("order_id");
        return new ProviderPayment(NAME, intent.getId(), intent.getStatus(), implied(intent, received, refunded,
                disputed), new Money(intent.getAmount(), currency), received > 0 ? new Money(received, currency) : null,
                refunded, orderId, received > 0 ? intent.getId() : null);
    }

    /** What a PaymentIntent's state means in our state machine's words. */
    static String implied(PaymentIntent intent, long received, long refunded, boolean disputed) {
        String status = intent.getStatus() == null ? "" : intent.getStatus();
        if (disputed) {
            return "DISPUTED";
        }
        return switch (status) {
            case "succeeded" -> refunded <= 0 ? "PAID" : refunded >= received ? "REFUNDED" : "PARTIALLY_REFUNDED";
            case "processing" -> "PROCESSING";
            case "requires_action" -> "REQUIRES_ACTION";
            case "canceled" -> "CANCELED";
            case "requires_payment_method" -> intent.getLastPaymentError() != null ? "PAYMENT_FAILED" : "AWAITING_PAYMENT";
            default -> "AWAITING_PAYMENT"; // requires_confirmation, requires_capture
        };
    }

    @Override
    public CreatedRefund refund(String orderId, RefundTarget target, String idempotencyKey) {
        RefundCreateParams params = RefundCreateParams.builder()
                .setPaymentIntent(target.paymentRef())
                .setAmount(target.amount().minor())
                .putMetadata("order_id", orderId)
                .putMetadata("paybus_refund_request", target.requestId())
                .build();
        Refund refund = call(() -> client().v1().refunds().create(params, options(idempotencyKey)));
        return new CreatedRefund(refund.getId(), refund.getStatus());
    }

    private StripeClient client() {
        if (client == null) {
            throw new ProviderFailure(Kind.NOT_CONFIGURED, NAME, null,
                    "Stripe is not configured (paybus.order.gateway.stripe.api-key)", null, null);
        }
        return client;
    }

    private static RequestOptions options(String idempotencyKey) {
        return RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
    }

    private interface StripeCall<T> {
        T run() throws StripeException;
    }

    private static <T> T call(StripeCall<T> call) {
        try {
            return call.run();
        } catch (StripeException e) {
            throw failure(e);
        }
    }

    /** Stripe's error classes and status codes, as the gateway's {@link Kind}s. */
    static ProviderFailure failure(StripeException e) {
        Integer status = e.getStatusCode();
        Kind kind;
        if (e instanceof CardException) {
            kind = Kind.DECLINED;
        } else if (e instanceof RateLimitException || (status != null && status == 429)) {
            kind = Kind.RATE_LIMITED;
        } else if (e instanceof AuthenticationException || e instanceof PermissionException) {
            kind = Kind.MISCONFIGURED;
        } else if (e instanceof ApiConnectionException || status == null) {
            kind = Kind.TIMEOUT;
        } else if (e instanceof IdempotencyException || status < 500) {
            kind = Kind.REJECTED;
        } else {
            kind = Kind.UNAVAILABLE;
        }
        String code = e.getCode();
        String message = e.getStripeError() != null && e.getStripeError().getMessage() != null
                ? e.getStripeError().getMessage()
                : kind == Kind.TIMEOUT ? "no answer from Stripe in time" : "Stripe answered " + status;
        return new ProviderFailure(kind, NAME, code, message, kind == Kind.RATE_LIMITED ? Duration.ofSeconds(1) : null,
                e);
    }
}
