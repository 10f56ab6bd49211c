package io.paybus.platform.web;

import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Spring MVC's own errors (unreadable JSON, a wrong parameter type, an unknown method) and every
 * {@link ProblemException} as problem+json that carries Paybus's stable {@code code}. Last in line,
 * so a service's own advice for its own exceptions is asked first.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ProblemAdvice extends ResponseEntityExceptionHandler {

    static final Map<Integer, String> CODES = Map.ofEntries(Map.entry(400, "invalid_request"),
            Map.entry(401, "credentials_required"), Map.entry(403, "insufficient_scope"), Map.entry(404, "not_found"),
            Map.entry(405, "method_not_allowed"), Map.entry(406, "not_acceptable"), Map.entry(408, "request_timeout"),
            Map.entry(413, "payload_too_large"), Map.entry(415, "unsupported_media_type"),
            Map.entry(422, "unprocessable"), Map.entry(503, "unavailable"));

    public static String codeFor(int status) {
        return CODES.getOrDefault(status, status >= 500 ? "internal_error" : "invalid_request");
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        if (body instanceof ProblemDetail problem) {
            if (problem.getProperties() == null || !problem.getProperties().containsKey("code")) {
                problem.setProperty("code", codeFor(status.value()));
            }
        }
        return super.createResponseEntity(body, headers, status, request);
    }
}
