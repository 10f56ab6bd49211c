package io.paybus.order.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paybus.platform.web.ProblemWriter;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * An answer of the payment API as stored for {@code Idempotency-Key} replays: status and the exact
 * JSON body, a problem+json body for errors.
 */
record Answer(int status, String body, boolean problem, Duration retryAfter, String location) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Answer of(HttpStatus status, Object body, String location) {
        try {
            return new Answer(status.value(), JSON.writeValueAsString(body), false, null, location);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An RFC 9457 problem with Paybus's stable {@code code}, in the platform's one shape. */
    static Answer problem(HttpStatus status, String code, String detail, Duration retryAfter, ObjectNode extra) {
        ObjectNode problem = ProblemWriter.body(status.value(), code, status.getReasonPhrase(), detail, extra);
        return new Answer(status.value(), problem.toString(), true, retryAfter, null);
    }

    static ObjectNode fields() {
        return JSON.createObjectNode();
    }

    /** A stored answer given again. */
    static Answer replay(int status, String body) {
        boolean problem = status >= 400;
        return new Answer(status, body, problem, null, null);
    }

    ResponseEntity<String> toResponse(boolean replayed) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status)
                .contentType(problem ? MediaType.APPLICATION_PROBLEM_JSON : MediaType.APPLICATION_JSON);
        if (retryAfter != null) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
        }
        if (location != null) {
            response.header(HttpHeaders.LOCATION, location);
        }
        if (replayed) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.body(body);
    }
}
