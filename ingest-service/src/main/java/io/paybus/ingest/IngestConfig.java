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
import io.paybus.ingest.publish.InboundEventPublisher;
import io.paybus.ingest.stripe.StripeEventTranslator;
import io.paybus.ingest.stripe.StripeSignatureVerifier;
import io.paybus.ingest.web.BodySizeLimitFilter;
import java.time.Clock;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
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

    @Bean
    StripeSignatureVerifier stripeSignatureVerifier(IngestProperties properties, Clock clock) {
        return new StripeSignatureVerifier(properties.stripe().secrets(), properties.stripe().tolerance(), clock);
    }

    @Bean
    StripeEventTranslator stripeEventTranslator() {
        return new StripeEventTranslator();
    }

    @Bean
    PaypalEventTranslator paypalEventTranslator() {
        return new PaypalEventTranslator();
    }

    /** Absent (and the PayPal endpoint answers 404) until {@code paybus.ingest.paypal.webhook-id} is set. */
    @Bean
    @ConditionalOnProperty("paybus.ingest.paypal.webhook-id")
    PaypalSignatureVerifier paypalSignatureVerifier(IngestProperties properties, Clock clock) {
        IngestProperties.Paypal paypal = properties.paypal();
        PaypalCertificateSource certificates = new PaypalCertificateSource(
                Optional.ofNullable(paypal.certificateDirectory()).map(LocalCertificateDirectory::new),
                paypal.fetchCertificates()
                        ? Optional.of(new CertificateFetcher(CertificateFetcher.https(paypal.fetchTimeout()),
                                (int) paypal.maxCertificateSize().toBytes()))
                        : Optional.empty());
        return new PaypalSignatureVerifier(paypal.webhookId(), certificates, paypal.tolerance(), clock);
    }

    @Bean
    InboundEventPublisher inboundEventPublisher(KafkaTemplate<String, byte[]> kafka, IngestProperties properties,
            MeterRegistry meters) {
        return new InboundEventPublisher(kafka, new EventCodec(), properties.publishTimeout(), meters);
    }

    @Bean
    DeliveryLedger deliveryLedger(JdbcTemplate jdbc, PlatformTransactionManager transactions,
            InboundEventPublisher publisher, Clock clock, IngestProperties properties) {
        return new DeliveryLedger(jdbc, new TransactionTemplate(transactions), publisher, clock,
                properties.publishTimeout());
    }

    @Bean
    NewTopic paymentsInboundTopic(IngestProperties properties) {
        return TopicBuilder.name(Topics.PAYMENTS_INBOUND).partitions(properties.topicPartitions()).build();
    }

    @Bean
    FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(IngestProperties properties) {
        FilterRegistrationBean<BodySizeLimitFilter> registration =
                new FilterRegistrationBean<>(new BodySizeLimitFilter(properties.maxBodySize().toBytes()));
        registration.addUrlPatterns("/webhooks/*");
        return registration;
    }
}
