package io.paybus.platform.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * A JWT's scopes: those of its scope claim ({@code scope}, space-separated, or {@code scp}, a list)
 * that Paybus knows, plus those its roles grant through {@code paybus.security.jwt.role-scopes}.
 */
final class JwtScopes implements Converter<Jwt, Collection<GrantedAuthority>> {

    private final PaybusSecurityProperties.Jwt settings;

    JwtScopes(PaybusSecurityProperties.Jwt settings) {
        this.settings = settings;
    }

    @Override
    public Collection<GrantedAuthority> convert(Jwt jwt) {
        Set<String> scopes = new LinkedHashSet<>(values(jwt.getClaim(settings.scopesClaim())));
        if (settings.rolesClaim() != null && !settings.rolesClaim().isBlank()) {
            for (String role : values(jwt.getClaim(settings.rolesClaim()))) {
                scopes.addAll(settings.roleScopes().getOrDefault(role, List.of()));
            }
        }
        List<GrantedAuthority> authorities = new ArrayList<>();
        for (String scope : scopes) {
            if (Scopes.ALL.contains(scope)) {
                authorities.add(new SimpleGrantedAuthority(Scopes.authority(scope)));
            }
        }
        return authorities;
    }

    private static List<String> values(Object claim) {
        if (claim instanceof String text) {
            return List.of(text.trim().split("\\s+"));
        }
        if (claim instanceof Collection<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of();
    }
}
