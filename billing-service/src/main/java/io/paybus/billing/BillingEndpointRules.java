package io.paybus.billing;

import static io.paybus.platform.security.Scopes.authority;

import io.paybus.platform.security.EndpointRules;
import io.paybus.platform.security.Scopes;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/** Which scope each billing-service endpoint needs; anything not named here is denied. */
@Component
class BillingEndpointRules implements EndpointRules {

    @Override
    public void authorize(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules) {
        rules.requestMatchers(HttpMethod.GET, "/subscriptions", "/subscriptions/*", "/customers/*/subscriptions",
                        "/customers/*/credits",
                        "/customers/*/usage", "/receipts/*", "/orders/*/receipt",
                        "/customers/*/receipts").hasAuthority(authority(Scopes.BILLING_READ))
                .requestMatchers(HttpMethod.POST, "/customers/*/credits/consume", "/customers/*/usage")
                .hasAuthority(authority(Scopes.BILLING_WRITE))
                .requestMatchers(HttpMethod.POST, "/customers/*/credits/grant").hasAuthority(authority(Scopes.BILLING_ADMIN))
                .requestMatchers("/dead-letters", "/dead-letters/**", "/admin/drift", "/admin/drift/**")
                .hasAuthority(authority(Scopes.OPERATOR));
    }
}
