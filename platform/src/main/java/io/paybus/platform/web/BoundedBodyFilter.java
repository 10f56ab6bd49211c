package io.paybus.platform.web;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a request's body before anything else does, within bounds, without holding a thread
 * while it arrives:
 * <ul>
 *   <li>a declared length over the cap is refused with 413 before a byte is read;</li>
 *   <li>a body without a declared length (chunked) is read only up to the cap, then 413;</li>
 *   <li>the whole body must arrive within a total deadline, else 408: a client that drips one
 *       byte every few seconds is cut off at the deadline, however often it sends;</li>
 *   <li>a body that ends before its declared length gets 400 {@code payload_truncated}.</li>
 * </ul>
 * What the container has already buffered of a declared-length body (for a small body, usually
 * all of it: it came in the same packets as the headers) is taken at once, without waiting; a
 * body that is complete then goes on down the chain on the same thread and the same dispatch.
 * The rest of a body is read with the servlet container's non-blocking I/O ({@link ReadListener}):
 * a slow client holds a connection, not a request thread, so hundreds of them do not starve a
 * valid request. Once such a body is complete the request is dispatched again (an async dispatch,
 * which passes every filter again: the fast path spares that on most requests). Either way the
 * controller sees the complete bytes (signatures are checked over exactly them).
 *
 * <p>Register it for the {@code REQUEST} and {@code ASYNC} dispatcher types, after the security
 * filters: an unauthenticated caller is refused before its body is read.
 */
public final class BoundedBodyFilter implements Filter {

    private static final Logger log = LoggerFactory.getLogger(BoundedBodyFilter.class);
    private static final String BODY = BoundedBodyFilter.class.getName() + ".body";

    private final long maxBytes;
    private final Duration deadline;

    public BoundedBodyFilter(long maxBytes, Duration deadline) {
        this.maxBytes = maxBytes;
        this.deadline = deadline;
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        if (request.getDispatcherType() == DispatcherType.ASYNC) {
            Object body = request.getAttribute(BODY);
            if (body instanceof byte[] bytes) {
                request.removeAttribute(BODY);
                chain.doFilter(new BufferedBodyRequest(request, bytes), response);
            } else {
                chain.doFilter(request, response);
            }
            return;
        }
        long declared = request.getContentLengthLong();
        boolean chunked = request.getHeader("Transfer-Encoding") != null;
        if (declared <= 0 && !chunked) {
            chain.doFilter(new BufferedBodyRequest(request, new byte[0]), response);
            return;
        }
        if (declared > maxBytes) {
            refuse(response, 413, "payload_too_large", "Body too large",
                    "body of " + declared + " bytes exceeds the limit of " + maxBytes + " bytes");
            return;
        }
        // Sized for the declared body (at most the cap, checked above), so a small one is copied once.
        ByteArrayOutputStream early = new ByteArrayOutputStream((int) Math.max(0, declared));
        if (declared > 0 && !readBuffered(request.getInputStream(), early, declared)) {
            refuse(response, 400, "payload_truncated", "Body truncated",
                    "received " + early.size() + " of " + declared + " declared bytes");
            return;
        }
        if (declared > 0 && early.size() == declared) {
            chain.doFilter(new BufferedBodyRequest(request, early.toByteArray()), response);
            return;
        }
        AsyncContext async = request.startAsync(request, response);
        async.setTimeout(deadline.toMillis());
        BodyReader reader = new BodyReader(request, response, async, declared, early);
        async.addListener(reader);
        request.getInputStream().setReadListener(reader);
    }

    /**
     * Takes what the container holds of the body already, up to its declared length: a read only
     * while {@code available()} says one would not block. False when the body ended early.
     */
    private static boolean readBuffered(ServletInputStream in, ByteArrayOutputStream into, long declared)
            throws IOException {
        byte[] chunk = new byte[8192];
        while (into.size() < declared && in.available() > 0) {
            int n = in.read(chunk, 0, (int) Math.min(chunk.length, declared - into.size()));
            if (n < 0) {
                return false;
            }
            into.write(chunk, 0, n);
        }
        return true;
    }

    private void refuse(HttpServletResponse response, int status, String code, String title, String detail)
            throws IOException {
        response.setHeader("Connection", "close");
        ProblemWriter.write(response, status, code, title, detail);
    }

    /** Collects the body as it arrives; the first of done, too large, too slow or broken wins. */
    private final class BodyReader implements ReadListener, AsyncListener {

        private final HttpServletRequest request;
        private final HttpServletResponse response;
        private final AsyncContext async;
        private final long declared;
        private final ByteArrayOutputStream body;
        private final byte[] chunk = new byte[8192];
        private final AtomicBoolean over = new AtomicBoolean();

        BodyReader(HttpServletRequest request, HttpServletResponse response, AsyncContext async, long declared,
                ByteArrayOutputStream alreadyRead) {
            this.request = request;
            this.response = response;
            this.async = async;
            this.declared = declared;
            this.body = alreadyRead;
        }

        @Override
        public void onDataAvailable() throws IOException {
            ServletInputStream in = request.getInputStream();
            while (!over.get() && in.isReady()) {
                int n = in.read(chunk);
                if (n < 0) {
                    return;
                }
                body.write(chunk, 0, n);
                if (body.size() > maxBytes) {
                    fail(413, "payload_too_large", "Body too large", "body exceeds the limit of " + maxBytes + " bytes");
                    return;
                }
            }
        }

        @Override
        public void onAllDataRead() throws IOException {
            if (declared >= 0 && body.size() < declared) {
                fail(400, "payload_truncated", "Body truncated",
                        "received " + body.size() + " of " + declared + " declared bytes");
                return;
            }
            if (over.compareAndSet(false, true)) {
                request.setAttribute(BODY, body.toByteArray());
                async.dispatch();
            }
        }

        @Override
        public void onError(Throwable t) {
            if (timedOut(t)) {
                // the container's read timeout (server.tomcat.connection-timeout): nothing came for that long
                fail(408, "request_timeout", "Body not received in time", "the body stopped arriving; send it again");
            } else {
                fail(400, "payload_truncated", "Body truncated", "the body ended before its declared length");
            }
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            fail(408, "request_timeout", "Body not received in time",
                    "the body did not arrive within " + deadline.toSeconds() + " s; send it again");
        }

        @Override
        public void onError(AsyncEvent event) {
            fail(400, "payload_truncated", "Body truncated", "the connection failed while the body arrived");
        }

        @Override
        public void onComplete(AsyncEvent event) {
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
        }

        private void fail(int status, String code, String title, String detail) {
            if (!over.compareAndSet(false, true)) {
                return;
            }
            try {
                refuse(response, status, code, title, detail);
            } catch (IOException | RuntimeException e) {
                log.debug("could not answer {} to a client whose body failed: {}", status, e.toString());
            } finally {
                try {
                    async.complete();
                } catch (IllegalStateException alreadyDone) {
                    // the container ended it first
                }
            }
        }
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
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
        public java.io.BufferedReader getReader() {
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(),
                    getCharacterEncoding() == null ? java.nio.charset.StandardCharsets.UTF_8
                            : java.nio.charset.Charset.forName(getCharacterEncoding())));
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
