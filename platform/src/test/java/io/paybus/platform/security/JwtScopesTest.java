package io.paybus.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

class JwtScopesTest {

    @Test
    void knownScopesOfTheScopeClaimAndThoseRolesGrantBecomeAuthorities() {
        JwtScopes scopes = new JwtScopes(new PaybusSecurityProperties.Jwt(null, "http://idp/jwks", null, "scope",
                "roles", Map.of("payments-operator", List.of(Scopes.OPERATOR))));
        Jwt jwt = Jwt.withTokenValue("t").header("alg", "RS256").subject("alice")
                .claim("scope", "orders:read openid admin:everything")
                .claim("roles", List.of("payments-operator", "viewer"))
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60)).build();

        assertThat(scopes.convert(jwt)).extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder("SCOPE_orders:read", "SCOPE_operator");
    }

    @Test
    void anScpListWorksToo() {
        JwtScopes scopes = new JwtScopes(new PaybusSecurityProperties.Jwt(null, "http://idp/jwks", null, "scp", null,
                Map.of()));
        Jwt jwt = Jwt.withTokenValue("t").header("alg", "RS256").subject("svc")
                .claim("scp", List.of("refunds:write")).build();

        assertThat(scopes.convert(jwt)).extracting(GrantedAuthority::getAuthority)
                .containsExactly("SCOPE_refunds:write");
    }
}
