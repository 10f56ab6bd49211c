package io.paybus.ingest;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Tunables of the ingest service, under {@code paybus.ingest}.
 *
 * @param maxBodySize    largest webhook body accepted; larger ones get 413 before they are read
 * @param publishTimeout longest a webhook waits for Kafka's acknowledgement before it gets 503
 * @param topicPartitions partitions of {@code payments.inbound} when this service creates it
 * @param stripe         Stripe endpoint settings
 * @param paypal         PayPal endpoint settings
 * @param dedup          redelivery detection
 */
@ConfigurationProperties("paybus.ingest")
public record IngestProperties(
        @DefaultValue("256KB") DataSize maxBodySize,
        @DefaultValue("10s") Duration publishTimeout,
        @DefaultValue("6") int topicPartitions,
        @DefaultValue Stripe stripe,
        @DefaultValue Paypal paypal,
        @DefaultValue Dedup dedup) {

    /**
     * @param secrets   webhook signing secrets ({@code whsec_…}); a delivery passes if it is signed
     *                  with any of them, so a secret can be rotated without downtime
     * @param tolerance how far a signature's timestamp may lie from now, in either direction
     */
    public record Stripe(
            @DefaultValue List<String> secrets,
            @DefaultValue("300s") Duration tolerance) {
    }

    /**
     * @param webhookId           our webhook's id at PayPal; the PayPal endpoint answers 404 until it is set
     * @param tolerance           how far the transmission time may lie from now, in either direction
     * @param certificateDirectory optional directory of pinned certificates ({@code <cert id>.pem}), for
     *                            deployments that cannot reach PayPal
     * @param fetchCertificates   whether to fetch certificates from PayPal (allowlisted URLs only)
     * @param fetchTimeout        connect and read timeout of a certificate fetch
     * @param maxCertificateSize  largest certificate answer accepted
     */
    public record Paypal(
            String webhookId,
            @DefaultValue("300s") Duration tolerance,
            java.nio.file.Path certificateDirectory,
            @DefaultValue("true") boolean fetchCertificates,
            @DefaultValue("3s") Duration fetchTimeout,
            @DefaultValue("16KB") DataSize maxCertificateSize) {
    }

    /**
     * @param enabled   whether redeliveries are detected; off only for benchmarks and for
     *                  deployments whose consumers all deduplicate themselves
     * @param retention how long a published delivery is remembered; longer than the providers'
     *                  3-day retry window
     */
    public record Dedup(@DefaultValue("true") boolean enabled, @DefaultValue("7d") Duration retention) {
    }
}
