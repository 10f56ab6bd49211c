package io.paybus.billing.provider;

import com.stripe.StripeClient;
import com.stripe.model.Subscription;
import com.stripe.model.SubscriptionItem;
import io.paybus.events.SubscriptionChanged;
import com.stripe.exception.StripeException;
import com.stripe.model.Invoice;
import com.stripe.net.RequestOptions;
import com.stripe.model.InvoiceItem;
import com.stripe.param.InvoiceCreateParams;
import com.stripe.param.InvoiceItemListParams;
import com.stripe.param.InvoiceListParams;
import com.stripe.param.InvoiceItemCreateParams;
import com.stripe.param.InvoicePayParams;
import com.stripe.param.SubscriptionCancelParams;
import io.micrometer.core.instrument.MeterRegistry;
import io.paybus.billing.BillingProperties;
import io.paybus.platform.provider.RetryAfterRecordingClient;
import io.paybus.platform.provider.TokenBucket;
import io.paybus.events.Money;
import java.time.Duration;
import java.util.Currency;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Renewals through Stripe's API with stripe-java: the period's metered usage as an invoice item,
 * the period's invoice, and its payment. Every call carries an idempotency key derived from
 * subscription and period ({@code paybus-renewal-<sub>-<period start>-<step>}), so a redelivered
 * schedule event, a crash mid-call, a 500 or a timeout repeats the call without charging twice;
 * only a new dunning attempt pays with a new key (Stripe would answer a repeated key with the same
 * decline). Every call first takes a token from the {@link TokenBucket}; a 429 pauses the bucket
 * for {@code Retry-After} and the call is repeated.
 */
@Component
public class StripeBilling {

    private static final Logger log = LoggerFactory.getLogger(StripeBilling.class);
    private static final int RATE_LIMIT_RETRIES = 20;

    private final StripeClient client;
    private final TokenBucket bucket;
    private final MeterRegistry meters;

    public StripeBilling(BillingProperties properties, MeterRegistry meters) {
        BillingProperties.Stripe stripe = properties.stripe();
        this.client = stripe.apiKey() == null || stripe.apiKey().isBlank() ? null : StripeClient.builder()
                .setApiKey(stripe.apiKey())
                .setApiBase(stripe.apiBase())
                .setConnectTimeout((int) stripe.timeout().toMillis())
                .setReadTimeout((int) stripe.timeout().toMillis())
                .setMaxNetworkRetries(0) // retries are ours: same key, through the bucket
                .setHttpClient(new RetryAfterRecordingClient())
                .build();
        this.bucket = new TokenBucket(properties.providerRate(), properties.providerBurst());
        this.meters = meters;
    }

    /**
     * Bills the period: usage (if any), the invoice, its payment (attempt {@code attempt}).
     *
     * <p>Stripe keeps idempotency keys for about 24 hours, and dunning retries come days later (a
     * dead-letter replay may come later still): the period's invoice is therefore looked up first,
     * by subscription and the {@code paybus_period} metadata, and paid again if it exists; only a
     * period without one gets an invoice. Its usage item likewise: not again when the invoice exists
     * or the item is still pending.
     */
    public RenewalOutcome renew(String subscriptionId, String customerId, String periodKey, int attempt,
            long usageAmount, Currency currency, String usageDescription) {
        String key = "paybus-renewal-" + subscriptionId + "-" + periodKey;
        Invoice existing = periodInvoice(subscriptionId, periodKey);
        if (existing != null) {
            log.info("the invoice {} of {} for period {} exists ({}): paying it, not billing again", existing.getId(),
                    subscriptionId, periodKey, existing.getStatus());
            return pay(existing, key, attempt, currency);
        }
        if (usageAmount > 0 && !usagePending(customerId, periodKey)) {
            InvoiceItemCreateParams item = InvoiceItemCreateParams.builder()
                    .setCustomer(customerId)
                    .setSubscription(subscriptionId)
                    .setAmount(usageAmount)
                    .setCurrency(currency.getCurrencyCode().toLowerCase(Locale.ROOT))
                    .setDescription(usageDescription)
                    .putMetadata("paybus_period", periodKey)
                    .build();
            call("invoice_item", () -> client().v1().invoiceItems().create(item, options(key + "-usage")));
        }
        InvoiceCreateParams params = InvoiceCreateParams.builder()
                .setCustomer(customerId)
                .setSubscription(subscriptionId)
                .setAutoAdvance(false)
                .setPendingInvoiceItemsBehavior(InvoiceCreateParams.PendingInvoiceItemsBehavior.INCLUDE)
                .putMetadata("paybus_period", periodKey)
                .build();
        Invoice invoice = call("invoice", () -> client().v1().invoices().create(params, options(key + "-invoice")));
        return pay(invoice, key, attempt, currency);
    }

    /** The period's invoice at Stripe, if one was made (a voided one does not count). */
    private Invoice periodInvoice(String subscriptionId, String periodKey) {
        InvoiceListParams params = InvoiceListParams.builder().setSubscription(subscriptionId).setLimit(100L).build();
        for (Invoice invoice : call("find_invoice", () -> client().v1().invoices().list(params)).getData()) {
            if (invoice.getMetadata() != null && periodKey.equals(invoice.getMetadata().get("paybus_period"))
                    && !"void".equals(invoice.getStatus())) {
                return invoice;
            }
        }
        return null;
    }

    /** Whether the period's usage item was made and waits for its invoice. */
    private boolean usagePending(String customerId, String periodKey) {
        InvoiceItemListParams params = InvoiceItemListParams.builder().setCustomer(customerId).setPending(true)
                .setLimit(100L).build();
        for (InvoiceItem item : call("find_usage", () -> client().v1().invoiceItems().list(params)).getData()) {
            if (item.getMetadata() != null && periodKey.equals(item.getMetadata().get("paybus_period"))) {
                return true;
            }
        }
        return false;
    }

    private RenewalOutcome pay(Invoice invoice, String key, int attempt, Currency currency) {
        if ("paid".equals(invoice.getStatus())) {
            long amount = invoice.getAmountPaid() != null ? invoice.getAmountPaid() : 0;
            String code = invoice.getCurrency() != null ? invoice.getCurrency() : currency.getCurrencyCode();
            return new RenewalOutcome.Charged(invoice.getId(), Money.of(amount, code));
        }
        try {
            Invoice paid = call("pay", () -> client().v1().invoices().pay(invoice.getId(),
                    InvoicePayParams.builder().build(), options(key + "-pay-" + attempt)));
            if (!"paid".equals(paid.getStatus())) {
                return new RenewalOutcome.Declined(invoice.getId(), "invoice_" + paid.getStatus(),
                        "the invoice is " + paid.getStatus() + " after the payment attempt");
            }
            long amount = paid.getAmountPaid() != null ? paid.getAmountPaid() : 0;
            String code = paid.getCurrency() != null ? paid.getCurrency() : currency.getCurrencyCode();
            return new RenewalOutcome.Charged(invoice.getId(), Money.of(amount, code));
        } catch (Declined declined) {
            return new RenewalOutcome.Declined(invoice.getId(), declined.code, declined.getMessage());
        }
    }

    /** Cancels the subscription at the provider (the end of dunning). */
    public void cancel(String subscriptionId, String periodKey) {
        call("cancel", () -> client().v1().subscriptions().cancel(subscriptionId,
                SubscriptionCancelParams.builder().build(),
                options("paybus-renewal-" + subscriptionId + "-" + periodKey + "-cancel")));
    }

    /**
     * The subscription as Stripe now describes it (drift checks): as a {@code subscription.changed}
     * fact would carry it. Periods are on the item in 2025 API versions, on the subscription before.
     */
    public SubscriptionChanged retrieve(String subscriptionId) {
        Subscription subscription = call("retrieve_subscription",
                () -> client().v1().subscriptions().retrieve(subscriptionId));
        SubscriptionItem item = subscription.getItems() == null || subscription.getItems().getData() == null
                || subscription.getItems().getData().isEmpty() ? null : subscription.getItems().getData().get(0);
        String price = item == null || item.getPrice() == null ? null : item.getPrice().getId();
        Long start = item == null ? null : item.getCurrentPeriodStart();
        Long end = item == null ? null : item.getCurrentPeriodEnd();
        return new SubscriptionChanged(subscription.getId(), "canceled".equals(subscription.getStatus())
                ? SubscriptionChanged.Change.CANCELED : SubscriptionChanged.Change.UPDATED, subscription.getCustomer(),
                subscription.getStatus(), price, instant(start), instant(end), instant(subscription.getTrialEnd()),
                Boolean.TRUE.equals(subscription.getCancelAtPeriodEnd()));
    }

    /** The customer's contact as Stripe keeps it (email, name, first preferred locale, country). */
    public io.paybus.events.Customer contact(String customerId) {
        com.stripe.model.Customer customer = call("retrieve_customer",
                () -> client().v1().customers().retrieve(customerId));
        String locale = customer.getPreferredLocales() == null || customer.getPreferredLocales().isEmpty() ? null
                : customer.getPreferredLocales().get(0);
        String country = customer.getAddress() == null ? null : customer.getAddress().getCountry();
        return new io.paybus.events.Customer(customerId, customer.getEmail(), customer.getName(), locale, country);
    }

    private static java.time.Instant instant(Long epochSeconds) {
        return epochSeconds == null ? null : java.time.Instant.ofEpochSecond(epochSeconds);
    }

    private StripeClient client() {
        if (client == null) {
            throw new TransientProviderException("Stripe is not configured (paybus.billing.stripe.api-key)", null);
        }
        return client;
    }

    private static RequestOptions options(String idempotencyKey) {
        return RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
    }

    private interface StripeCall<T> {
        T run() throws StripeException;
    }

    private static final class Declined extends RuntimeException {
        private final String code;

        Declined(String code, String message) {
            super(message);
            this.code = code;
        }
    }

    private <T> T call(String step, StripeCall<T> call) {
        for (int attempt = 0; ; attempt++) {
            try {
                bucket.acquire();
                T result = call.run();
                meters.counter("paybus.billing.provider.calls", "step", step, "outcome", "ok").increment();
                return result;
            } catch (StripeException e) {
                StripeErrors.Classified failure = StripeErrors.classify(e);
                switch (failure.kind()) {
                    case RATE_LIMITED -> {
                        Duration wait = RetryAfterRecordingClient.takeRetryAfter().orElse(Duration.ofSeconds(1));
                        meters.counter("paybus.billing.provider.calls", "step", step, "outcome", "rate_limited")
                                .increment();
                        log.warn("Stripe rate-limited {} (429), pausing calls for {} ms", step, wait.toMillis());
                        bucket.pause(wait);
                        if (attempt >= RATE_LIMIT_RETRIES) {
                            throw new TransientProviderException("Stripe kept answering 429", e);
                        }
                    }
                    case DECLINED -> {
                        meters.counter("paybus.billing.provider.calls", "step", step, "outcome", "declined")
                                .increment();
                        throw new Declined(failure.code(), e.getMessage());
                    }
                    case NO_ANSWER -> {
                        meters.counter("paybus.billing.provider.calls", "step", step, "outcome", "timeout").increment();
                        throw new TransientProviderException("no answer from Stripe (" + step + "): " + e.getMessage(),
                                e);
                    }
                    case REJECTED -> {
                        meters.counter("paybus.billing.provider.calls", "step", step, "outcome", "rejected")
                                .increment();
                        throw new ProviderRejectedException("Stripe refused " + step + " (" + e.getStatusCode()
                                + "): " + e.getMessage(), e);
                    }
                    default -> {
                        meters.counter("paybus.billing.provider.calls", "step", step, "outcome", "error").increment();
                        throw new TransientProviderException("Stripe failed " + step + " (" + e.getStatusCode() + "): "
                                + e.getMessage(), e);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransientProviderException("interrupted waiting for the rate limit", e);
            } finally {
                RetryAfterRecordingClient.takeRetryAfter();
            }
        }
    }
}
