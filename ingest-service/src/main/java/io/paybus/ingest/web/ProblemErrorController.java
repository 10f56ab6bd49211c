package io.paybus.ingest.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors that never reach a controller (unknown path, a body that stopped arriving, an error the
 * container raised) are problem+json too, with a stable code, instead of Boot's default body.
 */
@RestController
class ProblemErrorController implements ErrorController {

    /** A request attribute by which a filter names the error code of a failure the container reports. */
    static final String CODE_ATTRIBUTE = "io.paybus.ingest.problem.code";

    private static final Map<Integer, String> CODES = Map.of(
            400, "bad_request", 404, "not_found", 405, "method_not_allowed", 408, "request_timeout",
            413, "payload_too_large", 415, "unsupported_media_type", 503, "unavailable");

    @RequestMapping("${server.error.path:${error.path:/error}}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = HttpStatus.resolve(code instanceof Integer i ? i : 500);
        if (status == null) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        Object named = request.getAttribute(CODE_ATTRIBUTE);
        String errorCode = named != null ? named.toString()
                : CODES.getOrDefault(status.value(), status.is5xxServerError() ? "internal_error" : "bad_request");
        String detail = switch (errorCode) {
            case "request_timeout" -> "the body stopped arriving; send it again";
            case "payload_truncated" -> "the body ended before its declared length";
            default -> status.getReasonPhrase();
        };
        ResponseEntity<ProblemDetail> problem = ProblemResponses.problem(status, errorCode, status.getReasonPhrase(), detail);
        Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (path != null && problem.getBody() != null) {
            problem.getBody().setInstance(java.net.URI.create(path.toString()));
        }
        return problem;
    }
}
