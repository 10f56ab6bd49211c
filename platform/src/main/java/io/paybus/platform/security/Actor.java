package io.paybus.platform.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who is acting: an API key's id ({@code key:ops-1}) or a JWT's subject ({@code jwt:alice}), as the
 * audit log records it. {@code system} when no request carries credentials (schedulers, consumers).
 */
public record Actor(String kind, String id) {

    public static final Actor SYSTEM = new Actor("system", "paybus");

    public static Actor current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof ApiKeyAuthentication key) {
            return new Actor("key", key.getName());
        }
        if (authentication instanceof JwtAuthenticationToken jwt) {
            return new Actor("jwt", jwt.getName());
        }
        return SYSTEM;
    }

    @Override
    public String toString() {
        return kind + ":" + id;
    }
}
