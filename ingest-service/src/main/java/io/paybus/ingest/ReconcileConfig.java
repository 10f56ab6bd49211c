package io.paybus.ingest;

import io.paybus.ingest.dedup.DeliveryLedger;
import io.paybus.ingest.paypal.PaypalEventTranslator;
import io.paybus.ingest.paypal.PaypalApi;
import io.paybus.ingest.paypal.PaypalEventsApi;
import io.paybus.ingest.paypal.PaypalObjectsApi;
import io.paybus.ingest.reconcile.Normalizer;
import io.paybus.ingest.reconcile.ProviderEvents;
import io.paybus.ingest.reconcile.ProviderObjects;
import io.paybus.ingest.reconcile.ReconcileMetrics;
import io.paybus.ingest.reconcile.ReconcileRuns;
import io.paybus.ingest.reconcile.Reconciler;
import io.paybus.ingest.reconcile.Reconciliation;
import io.paybus.ingest.stripe.StripeEventTranslator;
import io.paybus.ingest.stripe.StripeApi;
import io.paybus.ingest.stripe.StripeEventsApi;
import io.paybus.ingest.stripe.StripeObjectsApi;
import io.paybus.ingest.webhook.Endpoints;
import io.paybus.platform.provider.TokenBucket;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Reconciliation's wiring: one account per Stripe endpoint that has an {@code api-key} (the
 * default endpoint is {@code stripe:default}, a named one {@code stripe:<name>}) and per PayPal
 * endpoint that has REST credentials ({@code paypal:default}, {@code paypal:<name>}), each with its own rate
 * limit shared by its events and its objects; events and snapshots normalized by the webhook's
 * translators.
 */
@Configuration(proxyBeanMethods = false)
class ReconcileConfig {

    @Bean
    Reconciler reconciler(ReconcileRuns runs, DeliveryLedger ledger, ReconcileMetrics metrics, Clock clock,
            StripeEventTranslator stripeTranslator, PaypalEventTranslator paypalTranslator,
            IngestProperties properties, io.paybus.platform.alert.OperatorAlerts alerts) {
        IngestProperties.Reconcile reconcile = properties.reconcile();
        IngestProperties.Stripe stripe = properties.stripe();
        Map<String, ProviderEvents> accounts = new LinkedHashMap<>();
        Map<String, ProviderObjects> objects = new LinkedHashMap<>();
        if (present(stripe.apiKey())) {
            StripeApi api = stripeAccount(Endpoints.DEFAULT, stripe.apiKey(), stripe, reconcile);
            accounts.put(api.account(), new StripeEventsApi(api));
            objects.put(api.account(), new StripeObjectsApi(api));
        }
        stripe.endpoints().forEach((name, endpoint) -> {
            if (present(endpoint.apiKey())) {
                StripeApi api = stripeAccount(name, endpoint.apiKey(), stripe, reconcile);
                accounts.put(api.account(), new StripeEventsApi(api));
                objects.put(api.account(), new StripeObjectsApi(api));
            }
        });
        IngestProperties.Paypal paypal = properties.paypal();
        Map<String, String[]> paypalAccounts = new LinkedHashMap<>();
        paypalAccounts.put(Endpoints.DEFAULT, new String[] {paypal.clientId(), paypal.clientSecret()});
        paypal.endpoints().forEach((name, endpoint) -> paypalAccounts.put(name,
                new String[] {endpoint.clientId(), endpoint.clientSecret()}));
        paypalAccounts.forEach((name, credentials) -> {
            if (present(credentials[0]) && present(credentials[1])) {
                PaypalApi api = new PaypalApi(name, credentials[0], credentials[1], paypal.apiBase(),
                        reconcile.callTimeout(), new TokenBucket(reconcile.providerRate(), reconcile.providerBurst()),
                        clock);
                accounts.put(api.account(), new PaypalEventsApi(api));
                objects.put(api.account(), new PaypalObjectsApi(api));
            }
        });
        if (!properties.dedup().enabled() && !accounts.isEmpty()) {
            // Without the ledger every listed event would look missing and be published again.
            LoggerFactory.getLogger(ReconcileConfig.class).warn("reconciliation is off: it needs the delivery"
                    + " ledger (paybus.ingest.dedup.enabled=false)");
            accounts.clear();
            objects.clear();
        }
        Map<String, Normalizer> normalizers = Map.of("stripe", stripeTranslator::translate,
                "paypal", (json, at) -> paypalTranslator.translate(json.getBytes(StandardCharsets.UTF_8), json, at));
        String owner = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        return new Reconciler(runs, accounts, objects, normalizers, ledger, metrics, clock, owner, reconcile, alerts);
    }

    @Bean
    Reconciliation reconciliation(Reconciler reconciler, ReconcileRuns runs, IngestProperties properties, Clock clock) {
        return new Reconciliation(reconciler, runs, properties.reconcile(), clock);
    }

    private static StripeApi stripeAccount(String endpoint, String apiKey, IngestProperties.Stripe stripe,
            IngestProperties.Reconcile reconcile) {
        return new StripeApi(endpoint, apiKey, stripe.apiBase(), reconcile.callTimeout(),
                new TokenBucket(reconcile.providerRate(), reconcile.providerBurst()));
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
