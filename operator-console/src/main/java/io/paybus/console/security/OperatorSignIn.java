package io.paybus.console.security;

import io.paybus.console.api.PaybusApi;
import io.paybus.console.api.ServiceProblem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * Signs an operator in with their Paybus API key. The key is checked against the order service
 * first (it must carry the {@code operator} scope), then kept in the server-side session as the
 * credential every call of this session is made with. The console has no key of its own.
 */
@Component
public class OperatorSignIn {

    /** Why a key was not accepted, in words for the sign-in page. */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    private final PaybusApi api;
    private final SecurityContextRepository contexts;

    OperatorSignIn(PaybusApi api, SecurityContextRepository contexts) {
        this.api = api;
        this.contexts = contexts;
    }

    public void signIn(String key, HttpServletRequest request, HttpServletResponse response) throws Refused {
        String trimmed = key == null ? "" : key.strip();
        if (trimmed.isEmpty()) {
            throw new Refused("Paste your operator API key.");
        }
        try {
            api.verifyOperatorKey(trimmed);
        } catch (ServiceProblem refused) {
            throw new Refused(switch (refused.status()) {
                case 401 -> "Paybus does not know this key.";
                case 403 -> "This key has no operator scope: it cannot use the console.";
                default -> "The key could not be checked: " + refused.getMessage();
            });
        }
        if (request.getSession(false) != null) {
            request.changeSessionId();
        }
        UsernamePasswordAuthenticationToken operator = UsernamePasswordAuthenticationToken.authenticated(
                "key …" + trimmed.substring(Math.max(0, trimmed.length() - 4)), trimmed,
                List.of(new SimpleGrantedAuthority("SCOPE_operator")));
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(operator);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
    }
}
