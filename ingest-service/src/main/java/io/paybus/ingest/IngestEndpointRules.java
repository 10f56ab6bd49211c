package io.paybus.ingest;

import io.paybus.platform.security.EndpointRules;
import io.paybus.platform.security.Scopes;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/**
 * Webhooks need no credentials: their signature is their authentication, and their {@code POST}s
 * (with the bench profile's bare 200) never reach this chain: they take
 * {@code web.WebhookSecurity}'s empty one. Everything else (the audit log, the
 * reconciliation verbs) needs its scope; anything not named is denied.
 */
@Component
class IngestEndpointRules implements EndpointRules {

    @Override
    public void authorize(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules) {
        rules.requestMatchers("/admin/reconcile/**").hasAuthority(Scopes.authority(Scopes.OPERATOR));
    }
}
