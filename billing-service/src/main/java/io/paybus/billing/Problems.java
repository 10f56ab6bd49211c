package io.paybus.billing;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** RFC 9457 problem+json answers with Paybus's stable {@code code}. */
public final class Problems {

    private Problems() {
    }

    public static ErrorResponseException of(HttpStatus status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("https://paybus.io/problems/" + code));
        problem.setTitle(status.getReasonPhrase());
        problem.setProperty("code", code);
        return new ErrorResponseException(status, problem, null);
    }
}
