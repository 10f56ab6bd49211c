package io.paybus.ingest.web;

import java.util.Arrays;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Spring Security on the webhook path: none of its filters. A provider's delivery carries no
 * credentials (its signature, checked before anything is published, is its authentication), so
 * the platform chain only permitted it, at a cost the ingest's profile showed on every delivery
 * (a dozen filters, each wrapped for observations, around the controller: #15). Only the webhook
 * {@code POST}s (and the bench's bare 200, which must pass what they pass) take this empty chain,
 * ahead of the platform's; Spring Security's firewall still checks them, and every other path and
 * method is the platform's (credentials, scopes, deny by default).
 */
@Configuration(proxyBeanMethods = false)
class WebhookSecurity {

    static final String[] WEBHOOKS = {"/webhooks/stripe", "/webhooks/stripe/*", "/webhooks/paypal",
            "/webhooks/paypal/*", "/bench/ok"};

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain webhookFilterChain() {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        return new DefaultSecurityFilterChain(new OrRequestMatcher(Arrays.stream(WEBHOOKS)
                .<RequestMatcher>map(path -> paths.matcher(HttpMethod.POST, path)).toList()));
    }

    /**
     * No observations of Spring Security's own (a span and a timer per filter, and around each
     * authentication and authorization, that nothing here reads): without this bean its filter
     * chain stays wrapped for them even when {@code management.observations.enable.spring.security}
     * is false.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }
}
