package io.paybus.ingest.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads a webhook's body before anything else does, within bounds:
 * <ul>
 *   <li>a declared length over the cap is refused with 413 before a byte is read;</li>
 *   <li>a body without a declared length (chunked) is read only up to the cap, then 413;</li>
 *   <li>a body that stops arriving gets 408 after the server's read timeout
 *       ({@code server.tomcat.connection-timeout}), so a slow client holds a thread for a
 *       bounded time only;</li>
 *   <li>a body shorter than its declared length gets 400 {@code payload_truncated}.</li>
 * </ul>
 * The controller then sees the complete bytes (signatures are checked over exactly them).
 */
public class WebhookBodyFilter extends OncePerRequestFilter {

    private final long maxBytes;

    public WebhookBodyFilter(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            refuse(response, 413, "payload_too_large", "Body too large",
                    "body of " + declared + " bytes exceeds the limit of " + maxBytes + " bytes");
            return;
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes((int) maxBytes + 1);
        } catch (IOException e) {
            // Tomcat reports a read timeout as an IOException (ClientAbortException) caused by it.
            // Tomcat has already put the response in its error state; ProblemErrorController renders
            // it from these attributes.
            if (timedOut(e)) {
                request.setAttribute(ProblemErrorController.CODE_ATTRIBUTE, "request_timeout");
                refuse(response, 408, "request_timeout", "Body not received in time",
                        "the body stopped arriving; send it again");
            } else {
                request.setAttribute(ProblemErrorController.CODE_ATTRIBUTE, "payload_truncated");
                refuse(response, 400, "payload_truncated", "Body truncated", "the body ended before its declared length");
            }
            return;
        }
        if (body.length > maxBytes) {
            refuse(response, 413, "payload_too_large", "Body too large",
                    "body exceeds the limit of " + maxBytes + " bytes");
            return;
        }
        if (declared >= 0 && body.length < declared) {
            refuse(response, 400, "payload_truncated", "Body truncated",
                    "received " + body.length + " of " + declared + " declared bytes");
            return;
        }
        chain.doFilter(new BufferedBodyRequest(request, body), response);
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static void refuse(HttpServletResponse response, int status, String code, String title, String detail)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setHeader("Connection", "close");
        response.getOutputStream().write(("{\"type\":\"" + ProblemResponses.TYPE_BASE + code + "\",\"title\":\"" + title
                + "\",\"status\":" + status + ",\"code\":\"" + code + "\",\"detail\":\"" + detail + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The request with its body already read. */
    private static final class BufferedBodyRequest extends HttpServletRequestWrapper {

        private final byte[] body;

        BufferedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous reads only");
                }
            };
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
