package io.paybus.platform.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A request authenticated by an API key: the principal is the key's id, never the key. */
public final class ApiKeyAuthentication extends AbstractAuthenticationToken {

    private final String keyId;

    public ApiKeyAuthentication(String keyId, List<String> scopes) {
        super(scopes.stream().map(s -> new SimpleGrantedAuthority(Scopes.authority(s))).toList());
        this.keyId = keyId;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public Object getPrincipal() {
        return keyId;
    }

    @Override
    public String getName() {
        return keyId;
    }
}
