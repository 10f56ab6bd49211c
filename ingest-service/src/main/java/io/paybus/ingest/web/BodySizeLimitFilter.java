package io.paybus.ingest.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a webhook body larger than the cap with 413 from its declared length, before anything
 * reads it. (A body sent chunked, without a length, is capped while it is read: see the issue on
 * ingest hardening.)
 */
public class BodySizeLimitFilter extends OncePerRequestFilter {

    private final long maxBytes;

    public BodySizeLimitFilter(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long length = request.getContentLengthLong();
        if (length > maxBytes) {
            response.setStatus(413);
            response.setContentType("application/problem+json");
            response.setHeader("Connection", "close");
            response.getOutputStream().write(("{\"type\":\"" + ProblemResponses.TYPE_BASE + "payload_too_large\","
                    + "\"title\":\"Body too large\",\"status\":413,\"code\":\"payload_too_large\","
                    + "\"detail\":\"body of " + length + " bytes exceeds the limit of " + maxBytes + " bytes\"}")
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        chain.doFilter(request, response);
    }
}
