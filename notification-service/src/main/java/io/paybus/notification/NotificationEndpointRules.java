package io.paybus.notification;

import static io.paybus.platform.security.Scopes.authority;

import io.paybus.platform.security.EndpointRules;
import io.paybus.platform.security.Scopes;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/** The notification service's endpoints: its dead letters and suppression list, for operators; anything else is denied. */
@Component
class NotificationEndpointRules implements EndpointRules {

    @Override
    public void authorize(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules) {
        // One-click unsubscribe: the link's token is the credential (RFC 8058).
        rules.requestMatchers("/unsubscribe").permitAll();
        rules.requestMatchers("/dead-letters", "/dead-letters/**", "/suppressions", "/suppressions/**")
                .hasAuthority(authority(Scopes.OPERATOR));
    }
}
