package io.paybus.platform.security;

import io.paybus.platform.web.ProblemWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/** 401 and 403 as problem+json, with the {@code WWW-Authenticate} challenge RFC 6750 asks for. */
final class ProblemAuthenticationHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        boolean presented = ApiKeyFilter.presentedKey(request) != null || request.getHeader("Authorization") != null;
        response.setHeader("WWW-Authenticate", presented
                ? "Bearer realm=\"paybus\", error=\"invalid_token\", error_description=\"the credentials are unknown,"
                        + " expired or malformed\""
                : "Bearer realm=\"paybus\"");
        if (presented) {
            ProblemWriter.write(response, 401, "invalid_credentials", "Unauthorized",
                    "the API key or token is unknown, expired or malformed");
        } else {
            ProblemWriter.write(response, 401, "credentials_required", "Unauthorized",
                    "send an API key (Authorization: Bearer pbk_… or X-Api-Key) or a bearer JWT");
        }
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer realm=\"paybus\", error=\"insufficient_scope\"");
        ProblemWriter.write(response, 403, "insufficient_scope", "Forbidden",
                "these credentials lack the scope " + request.getMethod() + " " + request.getRequestURI() + " needs");
    }
}
