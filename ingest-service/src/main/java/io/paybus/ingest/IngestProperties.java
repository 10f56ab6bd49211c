package io.paybus.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Tunables of the ingest service, under {@code paybus.ingest}.
 *
 * @param publishTimeout longest a webhook waits for Kafka's acknowledgement before it gets 503
 * @param maxInFlight    webhooks publishing at once, at most; one more gets a fast 503
 *                       {@code ingest_overloaded} (the provider retries). Keep it below
 *                       {@code server.tomcat.threads.max}, so a thread is always free to refuse
 * @param stripe         Stripe endpoint settings
 * @param paypal         PayPal endpoint settings
 * @param dedup          redelivery detection
 * @param reconcile      finding, in the providers' events APIs, what webhooks never delivered
 * @param warmUp         the instance's own deliveries through its webhook path before it reports ready
 */
@ConfigurationProperties("paybus.ingest")
public record IngestProperties(
        @DefaultValue("10s") Duration publishTimeout,
        @DefaultValue("150") int maxInFlight,
        @DefaultValue Stripe stripe,
        @DefaultValue Paypal paypal,
        @DefaultValue Dedup dedup,
        @DefaultValue Reconcile reconcile,
        @DefaultValue WarmUp warmUp) {

    /**
     * Stripe settings. The top-level secrets belong to the default endpoint
     * ({@code /webhooks/stripe}); each entry of {@code endpoints} is another Stripe account or
     * webhook endpoint ({@code /webhooks/stripe/<name>}) with secrets of its own.
     *
     * @param secrets          signing secrets ({@code whsec_…}) of the default endpoint; a delivery
     *                         passes if any active secret signed it, so secrets rotate without downtime
     * @param expiringSecrets  secrets of the default endpoint that stop being accepted at a moment
     *                         (the old secret during a rotation)
     * @param tolerance        how far a signature's timestamp may lie from now, in either direction
     * @param endpoints        further endpoints by name
     * @param apiKey           a restricted key of the default endpoint's account that may read events
     *                         ({@code rk_…} with "Events: read"); reconciliation lists that account's
     *                         events with it, and skips an account without one
     * @param apiBase          Stripe's API (the local stack and tests point it at a stub)
     */
    public record Stripe(
            @DefaultValue List<String> secrets,
            @DefaultValue List<ExpiringSecret> expiringSecrets,
            @DefaultValue("300s") Duration tolerance,
            @DefaultValue Map<String, StripeEndpoint> endpoints,
            String apiKey,
            @DefaultValue("https://api.stripe.com") String apiBase) {
    }

    /** A named Stripe endpoint: its own secrets, and the key that reads its account's events. */
    public record StripeEndpoint(@DefaultValue List<String> secrets, @DefaultValue List<ExpiringSecret> expiringSecrets,
                                 String apiKey) {
    }

    /** A secret accepted until {@code expiresAt}. */
    public record ExpiringSecret(String value, Instant expiresAt) {
    }

    /**
     * @param webhookId           our webhook's id at PayPal for the default endpoint
     *                            ({@code /webhooks/paypal}), which answers 404 until it is set
     * @param endpoints           further endpoints ({@code /webhooks/paypal/<name>}), each with its webhook id
     * @param tolerance           how far the transmission time may lie from now, in either direction
     * @param certificateDirectory optional directory of pinned certificates ({@code <cert id>.pem}), for
     *                            deployments that cannot reach PayPal
     * @param fetchCertificates   whether to fetch certificates from PayPal (allowlisted URLs only)
     * @param fetchTimeout        connect and read timeout of a certificate fetch
     * @param maxCertificateSize  largest certificate answer accepted
     * @param sandbox             whether the endpoints are PayPal sandbox webhooks: only then are
     *                            certificates from {@code api.sandbox.paypal.com} accepted
     * @param clientId            the REST app's client id of the default endpoint's account, with
     *                            {@code clientSecret}: reconciliation lists its event notifications
     *                            (the account is not reconciled without them)
     * @param apiBase             PayPal's REST API (the local stack and tests point it at a stub)
     */
    public record Paypal(
            String webhookId,
            @DefaultValue Map<String, PaypalEndpoint> endpoints,
            @DefaultValue("300s") Duration tolerance,
            java.nio.file.Path certificateDirectory,
            @DefaultValue("true") boolean fetchCertificates,
            @DefaultValue("3s") Duration fetchTimeout,
            @DefaultValue("16KB") DataSize maxCertificateSize,
            @DefaultValue("false") boolean sandbox,
            String clientId,
            String clientSecret,
            @DefaultValue("https://api-m.paypal.com") String apiBase) {
    }

    /**
     * A named PayPal endpoint (another PayPal account or webhook).
     *
     * @param clientId     its account's REST app client id, with {@code clientSecret}: reconciliation
     *                     lists its notifications and objects as {@code paypal:<name>} (not reconciled
     *                     without them)
     */
    public record PaypalEndpoint(String webhookId, String clientId, String clientSecret) {
    }

    /**
     * @param enabled   whether redeliveries are detected; off only for benchmarks and for
     *                  deployments whose consumers all deduplicate themselves
     * @param retention how long a published delivery is remembered; longer than the providers'
     *                  3-day retry window
     * @param writers   ledger batches in flight at once (each holds a database connection while it
     *                  waits for Kafka)
     */

    public record Dedup(@DefaultValue("true") boolean enabled, @DefaultValue("31d") Duration retention,
                        @DefaultValue("2") int writers) {
    }

    /**
     * Reconciliation: each Stripe account with an {@code api-key} is swept, and can be backfilled.
     *
     * @param sweep        whether the scheduled sweep runs (backfills and on-demand sweeps run either way)
     * @param sweepEvery   how often each account is swept
     * @param sweepWindow  how far back a sweep looks
     * @param sweepDelay   events younger than this are left to their webhook (a provider's first
     *                     delivery and early retries), so a late webhook is not counted as a loss
     * @param pageSize     events per provider call (at most 100)
     * @param providerRate calls per second to a provider, at most; a 429 pauses them for its Retry-After
     * @param providerBurst calls saved up at most
     * @param lease        how long a run is an instance's without a sign of life; then another instance resumes it
     * @param check        how often an instance looks for due sweeps and runs to resume
     * @param callTimeout  connect and read timeout of a provider call
     */
    public record Reconcile(
            @DefaultValue("true") boolean sweep,
            @DefaultValue("1h") Duration sweepEvery,
            @DefaultValue("2h") Duration sweepWindow,
            @DefaultValue("5m") Duration sweepDelay,
            @DefaultValue("100") int pageSize,
            @DefaultValue("20") double providerRate,
            @DefaultValue("20") int providerBurst,
            @DefaultValue("2m") Duration lease,
            @DefaultValue("30s") Duration check,
            @DefaultValue("20s") Duration callTimeout) {
    }

    /**
     * Before the instance reports ready, it posts signed Stripe deliveries to its own
     * {@code /webhooks/stripe} (marked with a {@code WarmUpToken}: verified, translated and encoded,
     * never recorded or published), so that the JIT has compiled the webhook path when the
     * providers' traffic arrives. It stops once the JIT is quiet, after {@code maxDuration} at most.
     *
     * @param enabled       whether the warm-up runs (off in the module's tests)
     * @param maxDuration   the longest the warm-up delays readiness
     * @param minDeliveries deliveries posted at least before the JIT's quiet ends it
     * @param concurrency   deliveries in flight at once
     * @param quietShare    the JIT counts as quiet when its compile time in a second falls below this
     *                      share of that second, for two seconds in a row
     */
    public record WarmUp(@DefaultValue("true") boolean enabled, @DefaultValue("60s") Duration maxDuration,
                         @DefaultValue("20000") int minDeliveries, @DefaultValue("16") int concurrency,
                         @DefaultValue("0.1") double quietShare) {
    }
}
