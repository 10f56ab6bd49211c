package io.paybus.ingest;

import io.paybus.platform.security.EndpointRules;
import io.paybus.platform.security.Scopes;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/**
 * Webhooks need no credentials: their signature is their authentication. The bench's bare-200
 * ceiling exists only under the {@code bench} profile. Everything else (the audit log, later
 * operator verbs) needs its scope; anything not named is denied.
 */
@Component
class IngestEndpointRules implements EndpointRules {

    @Override
    public void authorize(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules) {
        rules.requestMatchers(HttpMethod.POST, "/webhooks/stripe", "/webhooks/stripe/*", "/webhooks/paypal",
                "/webhooks/paypal/*", "/bench/ok").permitAll()
                .requestMatchers("/admin/reconcile/**").hasAuthority(Scopes.authority(Scopes.OPERATOR));
    }
}
