package io.paybus.order;

import static io.paybus.platform.security.Scopes.authority;

import io.paybus.platform.security.EndpointRules;
import io.paybus.platform.security.Scopes;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/** Which scope each order-service endpoint needs; anything not named here is denied. */
@Component
class OrderEndpointRules implements EndpointRules {

    @Override
    public void authorize(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules) {
        rules.requestMatchers(HttpMethod.POST, "/orders", "/orders/*/capture").hasAuthority(authority(Scopes.ORDERS_WRITE))
                .requestMatchers(HttpMethod.POST, "/orders/*/refunds").hasAuthority(authority(Scopes.REFUNDS_WRITE))
                .requestMatchers(HttpMethod.GET, "/orders", "/orders/*", "/orders/*/history", "/orders/*/provider")
                .hasAuthority(authority(Scopes.ORDERS_READ))
                .requestMatchers(HttpMethod.POST, "/orders/*/interventions").hasAuthority(authority(Scopes.OPERATOR))
                .requestMatchers("/dead-letters", "/dead-letters/**", "/projection-dead-letters",
                        "/projection-dead-letters/**", "/admin/**").hasAuthority(authority(Scopes.OPERATOR));
    }
}
