package io.paybus.platform.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * A service's authorization rules: which scope each of its endpoints needs. Whatever no rule names
 * is denied ({@link PlatformSecurityConfiguration} ends the rules with {@code denyAll()}), so a new
 * endpoint without a rule cannot be called, and the security matrix test of its service fails.
 */
@FunctionalInterface
public interface EndpointRules {

    void authorize(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules);
}
