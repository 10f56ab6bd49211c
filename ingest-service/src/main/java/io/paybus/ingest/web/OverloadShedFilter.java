package io.paybus.ingest.web;

import io.paybus.ingest.webhook.DeliveryMetrics;
import io.paybus.ingest.webhook.WebhookIngestion;
import io.paybus.platform.web.ProblemWriter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;

/**
 * The cheap half of load shedding: while {@code paybus.ingest.max-in-flight} webhooks are already
 * publishing, a new one is refused here, first of all filters, before its body is read, with the
 * same 503 {@code ingest_overloaded} that {@link WebhookIngestion} gives when it loses the race for
 * the last slot. A refusal that ran the whole stack (security, the body's async read, MVC) cost
 * as much CPU as an accepted delivery, so under overload the refusals took the accepted ones'
 * CPU and accepted throughput fell to a quarter of capacity (bench, #15).
 */
public final class OverloadShedFilter implements Filter {

    private final WebhookIngestion ingestion;
    private final DeliveryMetrics metrics;

    public OverloadShedFilter(WebhookIngestion ingestion, DeliveryMetrics metrics) {
        this.ingestion = ingestion;
        this.metrics = metrics;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!ingestion.saturated()) {
            chain.doFilter(request, response);
            return;
        }
        metrics.overloaded(ProblemResponses.providerOf((HttpServletRequest) request));
        HttpServletResponse http = (HttpServletResponse) response;
        http.setHeader(HttpHeaders.RETRY_AFTER, ProblemResponses.OVERLOAD_RETRY_AFTER);
        ProblemWriter.write(http, 503, ProblemResponses.OVERLOADED, ProblemResponses.OVERLOADED_TITLE,
                ProblemResponses.OVERLOADED_DETAIL);
    }
}
