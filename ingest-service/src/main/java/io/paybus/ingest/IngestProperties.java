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
 * @param topicPartitions partitions of {@code payments.inbound} when this service creates it
 * @param stripe         Stripe endpoint settings
 * @param paypal         PayPal endpoint settings
 * @param dedup          redelivery detection
 */
@ConfigurationProperties("paybus.ingest")
public record IngestProperties(
        @DefaultValue("10s") Duration publishTimeout,
        @DefaultValue("6") int topicPartitions,
        @DefaultValue Stripe stripe,
        @DefaultValue Paypal paypal,
        @DefaultValue Dedup dedup) {

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
     */
    public record Stripe(
            @DefaultValue List<String> secrets,
            @DefaultValue List<ExpiringSecret> expiringSecrets,
            @DefaultValue("300s") Duration tolerance,
            @DefaultValue Map<String, StripeEndpoint> endpoints) {
    }

    /** A named Stripe endpoint: its own secrets. */
    public record StripeEndpoint(@DefaultValue List<String> secrets, @DefaultValue List<ExpiringSecret> expiringSecrets) {
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
     */
    public record Paypal(
            String webhookId,
            @DefaultValue Map<String, PaypalEndpoint> endpoints,
            @DefaultValue("300s") Duration tolerance,
            java.nio.file.Path certificateDirectory,
            @DefaultValue("true") boolean fetchCertificates,
            @DefaultValue("3s") Duration fetchTimeout,
            @DefaultValue("16KB") DataSize maxCertificateSize,
            @DefaultValue("false") boolean sandbox) {
    }

    /**
     * @param enabled   whether redeliveries are detected; off only for benchmarks and for
     *                  deployments whose consumers all deduplicate themselves
     * @param retention how long a published delivery is remembered; longer than the providers'
     *                  3-day retry window
     */
    /** A named PayPal endpoint (another PayPal account or webhook). */
    public record PaypalEndpoint(String webhookId) {
    }

    public record Dedup(@DefaultValue("true") boolean enabled, @DefaultValue("7d") Duration retention) {
    }
}
