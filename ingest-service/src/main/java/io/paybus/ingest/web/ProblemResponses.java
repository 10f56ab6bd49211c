package io.paybus.ingest.web;

import io.paybus.ingest.publish.PublishFailedException;
import io.paybus.ingest.webhook.DeliveryMetrics;
import io.paybus.ingest.webhook.IngestOverloadedException;
import io.paybus.ingest.webhook.Rejection;
import io.paybus.ingest.webhook.WebhookRejectedException;
import io.paybus.platform.web.LogSafe;
import io.paybus.platform.web.ProblemException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Maps refusals to RFC 9457 problem+json with a stable {@code code}. Logs say what failed and for
 * which endpoint, never the body or a secret.
 */
@RestControllerAdvice
class ProblemResponses {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    static final String OVERLOADED = "ingest_overloaded";
    static final String OVERLOADED_TITLE = "Too many deliveries at once";
    static final String OVERLOADED_DETAIL = "the event was not accepted; retry shortly";
    static final String OVERLOAD_RETRY_AFTER = "2";

    private final DeliveryMetrics metrics;

    ProblemResponses(DeliveryMetrics metrics) {
        this.metrics = metrics;
    }

    @ExceptionHandler(WebhookRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(WebhookRejectedException e, HttpServletRequest request) {
        Rejection rejection = e.rejection();
        String provider = providerOf(request);
        metrics.rejected(provider, rejection.code());
        log.warn("rejected {} delivery: {} ({})", provider, rejection.code(), LogSafe.of(e.getMessage()));
        ResponseEntity<ProblemDetail> answer = problem(HttpStatus.valueOf(rejection.status()), rejection.code(),
                rejection.title(), e.getMessage());
        if (e.field() != null && answer.getBody() != null) {
            answer.getBody().setProperty("field", e.field());
        }
        return answer;
    }

    @ExceptionHandler(PublishFailedException.class)
    ResponseEntity<ProblemDetail> unavailable(PublishFailedException e, HttpServletRequest request) {
        metrics.unavailable(providerOf(request));
        log.error("answering 503, event not published: {}", LogSafe.of(e.getMessage()));
        return retryLater("broker_unavailable", "Event store unavailable", "the event could not be stored; retry later",
                "30");
    }

    /** Shed, not failed (the race for the last slot; {@link OverloadShedFilter} refuses the rest): answered at once and not logged one by one (a flood would be a flood of lines). */
    @ExceptionHandler(IngestOverloadedException.class)
    ResponseEntity<ProblemDetail> overloaded(IngestOverloadedException e, HttpServletRequest request) {
        metrics.overloaded(providerOf(request));
        log.debug("answering 503, overloaded: {}", e.getMessage());
        return retryLater(OVERLOADED, OVERLOADED_TITLE, OVERLOADED_DETAIL, OVERLOAD_RETRY_AFTER);
    }

    /** 503 with {@code Retry-After}: nothing was kept, the provider sends it again. */
    private static ResponseEntity<ProblemDetail> retryLater(String code, String title, String detail,
            String retryAfterSeconds) {
        ResponseEntity<ProblemDetail> response = problem(HttpStatus.SERVICE_UNAVAILABLE, code, title, detail);
        return ResponseEntity.status(response.getStatusCode())
                .header(HttpHeaders.RETRY_AFTER, retryAfterSeconds)
                .body(response.getBody());
    }

    static ResponseEntity<ProblemDetail> problem(HttpStatus status, String code, String title, String detail) {
        return ResponseEntity.status(status).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemException.problemDetail(status, code, title, detail));
    }

    static String providerOf(HttpServletRequest request) {
        String path = request.getRequestURI();
        return path.startsWith("/webhooks/paypal") ? "paypal" : path.startsWith("/webhooks/stripe") ? "stripe" : "unknown";
    }
}
