package io.paybus.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.paybus.events.EventCodec;
import io.paybus.events.Topics;
import io.paybus.ingest.dedup.DeliveryLedger;
import io.paybus.ingest.paypal.CertificateFetcher;
import io.paybus.ingest.paypal.LocalCertificateDirectory;
import io.paybus.ingest.paypal.PaypalCertificateSource;
import io.paybus.ingest.paypal.PaypalEventTranslator;
import io.paybus.ingest.paypal.PaypalSignatureVerifier;
import io.paybus.ingest.paypal.PaypalTransmissions;
import io.paybus.ingest.publish.InboundEventPublisher;
import io.paybus.ingest.stripe.StripeEventTranslator;
import io.paybus.ingest.stripe.StripeSignatureVerifier;
import io.paybus.ingest.web.OverloadShedFilter;
import io.paybus.ingest.webhook.DeliveryMetrics;
import io.paybus.ingest.webhook.Endpoints;
import io.paybus.ingest.webhook.WebhookIngestion;
import io.paybus.ingest.webhook.WebhookSecretsGuard;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
class IngestConfig {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The default Stripe endpoint plus every named one, each with its own secrets. */
    @Bean
    Endpoints<StripeSignatureVerifier> stripeEndpoints(IngestProperties properties, Clock clock,
            Environment environment) {
        WebhookSecretsGuard.check(properties, environment.acceptsProfiles(Profiles.of("local")));
        IngestProperties.Stripe stripe = properties.stripe();
        Map<String, StripeSignatureVerifier> verifiers = new HashMap<>();
        if (!stripe.secrets().isEmpty() || !stripe.expiringSecrets().isEmpty()) {
            verifiers.put(Endpoints.DEFAULT, new StripeSignatureVerifier(
                    secrets(stripe.secrets(), stripe.expiringSecrets()), stripe.tolerance(), clock));
        }
        stripe.endpoints().forEach((name, endpoint) -> verifiers.put(name, new StripeSignatureVerifier(
                secrets(endpoint.secrets(), endpoint.expiringSecrets()), stripe.tolerance(), clock)));
        return new Endpoints<>("stripe", verifiers);
    }

    private static List<StripeSignatureVerifier.SigningSecret> secrets(List<String> permanent,
            List<IngestProperties.ExpiringSecret> expiring) {
        List<StripeSignatureVerifier.SigningSecret> secrets = new ArrayList<>();
        permanent.forEach(s -> secrets.add(StripeSignatureVerifier.SigningSecret.permanent(s)));
        expiring.forEach(s -> secrets.add(new StripeSignatureVerifier.SigningSecret(s.value(), s.expiresAt())));
        return secrets;
    }

    @Bean
    StripeEventTranslator stripeEventTranslator() {
        return new StripeEventTranslator();
    }

    @Bean
    PaypalEventTranslator paypalEventTranslator() {
        return new PaypalEventTranslator();
    }

    /**
     * The default PayPal endpoint (when {@code paybus.ingest.paypal.webhook-id} is set) plus every
     * named one; they share the certificate source.
     */
    @Bean
    Endpoints<PaypalSignatureVerifier> paypalEndpoints(IngestProperties properties, Clock clock) {
        IngestProperties.Paypal paypal = properties.paypal();
        PaypalCertificateSource certificates = new PaypalCertificateSource(
                Optional.ofNullable(paypal.certificateDirectory()).map(LocalCertificateDirectory::new),
                paypal.fetchCertificates()
                        ? Optional.of(new CertificateFetcher(CertificateFetcher.https(paypal.fetchTimeout()),
                                (int) paypal.maxCertificateSize().toBytes()))
                        : Optional.empty(), paypal.sandbox());
        Map<String, PaypalSignatureVerifier> verifiers = new HashMap<>();
        if (paypal.webhookId() != null && !paypal.webhookId().isBlank()) {
            verifiers.put(Endpoints.DEFAULT,
                    new PaypalSignatureVerifier(paypal.webhookId(), certificates, paypal.tolerance(), clock));
        }
        paypal.endpoints().forEach((name, endpoint) -> verifiers.put(name,
                new PaypalSignatureVerifier(endpoint.webhookId(), certificates, paypal.tolerance(), clock)));
        return new Endpoints<>("paypal", verifiers);
    }

    @Bean
    InboundEventPublisher inboundEventPublisher(KafkaTemplate<String, byte[]> kafka, IngestProperties properties,
            MeterRegistry meters) {
        return new InboundEventPublisher(kafka, new EventCodec(), properties.publishTimeout(), meters);
    }

    @Bean
    DeliveryLedger deliveryLedger(JdbcTemplate jdbc, PlatformTransactionManager transactions,
            InboundEventPublisher publisher, Clock clock, IngestProperties properties, MeterRegistry meters) {
        return new DeliveryLedger(jdbc, new TransactionTemplate(transactions), publisher, clock,
                properties.publishTimeout(), properties.dedup().writers(), meters);
    }

    /**
     * Refuses webhooks first of all filters while {@code max-in-flight} of them are publishing:
     * a refusal must cost far less than an acceptance, or overload eats the capacity.
     */
    @Bean
    FilterRegistrationBean<OverloadShedFilter> overloadShedFilter(WebhookIngestion ingestion, DeliveryMetrics metrics) {
        FilterRegistrationBean<OverloadShedFilter> registration =
                new FilterRegistrationBean<>(new OverloadShedFilter(ingestion, metrics));
        registration.setUrlPatterns(List.of("/webhooks/*"));
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** DOWN when the ledger's writer is not running: no delivery could be answered. */
    @Bean
    HealthIndicator deliveryLedgerHealthIndicator(DeliveryLedger ledger, IngestProperties properties) {
        return () -> !properties.dedup().enabled() || ledger.writerAlive() ? Health.up().build()
                : Health.down().withDetail("writer", "the delivery ledger's writer thread is not running").build();
    }

    @Bean
    PaypalTransmissions paypalTransmissions(JdbcTemplate jdbc, Clock clock) {
        return new PaypalTransmissions(jdbc, clock);
    }

}
