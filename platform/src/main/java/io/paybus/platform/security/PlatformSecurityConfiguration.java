package io.paybus.platform.security;

import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The security every service shares: stateless, API keys and (when configured) JWTs, 401/403 as
 * problem+json, the service's {@link EndpointRules}, and deny for everything else.
 *
 * <p>Outside the {@code local} profile a service without any credential configured refuses to
 * start: it could not be operated, and an operator "fixing" that by opening endpoints is the
 * failure this prevents.
 */
@AutoConfiguration
@EnableWebSecurity
@EnableConfigurationProperties(PaybusSecurityProperties.class)
public class PlatformSecurityConfiguration {

    /** Health probes and Prometheus live on the management port; nothing else of actuator is exposed. */
    static final String[] PROBES = {"/actuator/health", "/actuator/health/**", "/actuator/prometheus"};

    @Bean
    ApiKeys apiKeys(PaybusSecurityProperties properties, ObjectProvider<Clock> clock, Environment environment) {
        ApiKeys keys = new ApiKeys(properties.apiKeys(), clock.getIfAvailable(Clock::systemUTC));
        if (keys.isEmpty() && !properties.jwt().configured() && !environment.acceptsProfiles(Profiles.of("local"))) {
            throw new InsecureConfigurationException("no API key and no JWT issuer is configured, so nobody could"
                    + " be authorized. Set paybus.security.api-keys[0].id, .sha256 and .scopes (e.g."
                    + " PAYBUS_SECURITY_API_KEYS_0_ID, PAYBUS_SECURITY_API_KEYS_0_SHA256,"
                    + " PAYBUS_SECURITY_API_KEYS_0_SCOPES) or paybus.security.jwt.issuer-uri / jwk-set-uri");
        }
        return keys;
    }

    /** The OpenAPI documents and the UI that shows them ({@code ApiDocumentation}). */
    static final String[] API_DOCUMENTS = {"/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html",
            "/swagger-ui/**"};

    @Bean
    SecurityFilterChain paybusSecurityFilterChain(HttpSecurity http, ApiKeys keys,
            PaybusSecurityProperties properties, List<EndpointRules> rules) throws Exception {
        ProblemAuthenticationHandlers problems = new ProblemAuthenticationHandlers();
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(handling -> handling.authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .addFilterBefore(new ApiKeyFilter(keys, problems), BearerTokenAuthenticationFilter.class)
                .authorizeHttpRequests(authorize -> {
                    // An async or error dispatch follows a request that was authorized already.
                    authorize.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll();
                    authorize.requestMatchers(HttpMethod.GET, PROBES).permitAll();
                    // The API documents and their UI describe endpoints, no data: public, like the probes.
                    authorize.requestMatchers(HttpMethod.GET, API_DOCUMENTS).permitAll();
                    authorize.requestMatchers(HttpMethod.GET, "/admin/audit").hasAuthority(
                            Scopes.authority(Scopes.OPERATOR));
                    rules.forEach(rule -> rule.authorize(authorize));
                    authorize.anyRequest().denyAll();
                });
        if (properties.jwt().configured()) {
            JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
            converter.setJwtGrantedAuthoritiesConverter(new JwtScopes(properties.jwt()));
            http.oauth2ResourceServer(server -> server
                    .bearerTokenResolver(jwtOnly())
                    .authenticationEntryPoint(problems)
                    .accessDeniedHandler(problems)
                    .jwt(jwt -> jwt.decoder(decoder(properties.jwt())).jwtAuthenticationConverter(converter)));
        }
        return http.build();
    }

    /** Bearer tokens that are not API keys (those are {@link ApiKeyFilter}'s). */
    private static BearerTokenResolver jwtOnly() {
        DefaultBearerTokenResolver resolver = new DefaultBearerTokenResolver();
        return request -> {
            String header = request.getHeader("Authorization");
            if (header != null && header.regionMatches(true, 0, "Bearer " + ApiKeys.PREFIX, 0, 7 + ApiKeys.PREFIX.length())) {
                return null;
            }
            return resolver.resolve(request);
        };
    }

    /** Keys are fetched on first use, so a service starts while its identity provider is down. */
    private static JwtDecoder decoder(PaybusSecurityProperties.Jwt settings) {
        return new SupplierJwtDecoder(() -> {
            NimbusJwtDecoder decoder;
            List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
            boolean issuer = settings.issuerUri() != null && !settings.issuerUri().isBlank();
            if (settings.jwkSetUri() != null && !settings.jwkSetUri().isBlank()) {
                decoder = NimbusJwtDecoder.withJwkSetUri(settings.jwkSetUri()).build();
                validators.add(issuer ? JwtValidators.createDefaultWithIssuer(settings.issuerUri())
                        : JwtValidators.createDefault());
            } else {
                decoder = (NimbusJwtDecoder) JwtDecoders.fromIssuerLocation(settings.issuerUri());
                validators.add(JwtValidators.createDefaultWithIssuer(settings.issuerUri()));
            }
            if (settings.audience() != null && !settings.audience().isBlank()) {
                validators.add(new JwtClaimValidator<List<String>>("aud",
                        aud -> aud != null && aud.contains(settings.audience())));
            }
            decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
            return decoder;
        });
    }
}
