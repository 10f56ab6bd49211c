package io.paybus.platform.web;

import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The one error type a web layer throws: an HTTP status and Paybus's stable {@code code}, rendered
 * as RFC 9457 problem+json by Spring MVC. Application services return outcomes or throw their own
 * typed exceptions; controllers map them to this.
 */
public class ProblemException extends ErrorResponseException {

    private final String code;

    public ProblemException(HttpStatus status, String code, String detail) {
        this(status, code, detail, Map.of());
    }

    public ProblemException(HttpStatus status, String code, String detail, Map<String, ?> properties) {
        super(status, problem(status, code, detail, properties), null);
        this.code = code;
    }

    public static ProblemException of(HttpStatus status, String code, String detail) {
        return new ProblemException(status, code, detail);
    }

    public String code() {
        return code;
    }

    @Override
    public String getMessage() {
        return code + ": " + getBody().getDetail();
    }

    private static ProblemDetail problem(HttpStatus status, String code, String detail, Map<String, ?> properties) {
        ProblemDetail problem = problemDetail(status, code, status.getReasonPhrase(), detail);
        properties.forEach(problem::setProperty);
        return problem;
    }

    /** The one shape of a Paybus problem for Spring MVC: type from the code, title, status, detail, code. */
    public static ProblemDetail problemDetail(HttpStatus status, String code, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(ProblemWriter.TYPE_BASE + code));
        problem.setTitle(title);
        problem.setProperty("code", code);
        return problem;
    }
}
