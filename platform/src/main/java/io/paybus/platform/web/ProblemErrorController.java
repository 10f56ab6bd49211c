package io.paybus.platform.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors that never reach a controller's advice (unknown path, an error the container raised, an
 * exception nothing handled) are problem+json too, with a stable code, instead of Boot's default
 * body. A 500 says nothing of its cause to the caller; the log has it.
 */
@RestController
public class ProblemErrorController implements ErrorController {

    /** A request attribute by which a filter names the error code of a failure the container reports. */
    public static final String CODE_ATTRIBUTE = "io.paybus.platform.problem.code";

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    @RequestMapping("${server.error.path:${error.path:/error}}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = HttpStatus.resolve(code instanceof Integer i ? i : 500);
        if (status == null) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        Object named = request.getAttribute(CODE_ATTRIBUTE);
        String errorCode = named != null ? named.toString() : ProblemAdvice.codeFor(status.value());
        String detail = switch (errorCode) {
            case "request_timeout" -> "the body stopped arriving; send it again";
            case "payload_truncated" -> "the body ended before its declared length";
            default -> status.getReasonPhrase();
        };
        Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (status.is5xxServerError() && failure instanceof Throwable t) {
            log.error("answering {} for {}", status.value(), LogSafe.of(request.getAttribute(
                    RequestDispatcher.ERROR_REQUEST_URI)), t);
        }
        ProblemDetail problem = ProblemException.problemDetail(status, errorCode, status.getReasonPhrase(), detail);
        Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (path != null) {
            try {
                problem.setInstance(URI.create(path.toString()));
            } catch (IllegalArgumentException notAUri) {
                // leave it out
            }
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
