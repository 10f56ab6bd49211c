package io.paybus.infra.stub;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The events a stubbed provider account "sent", kept as the provider keeps them, and served by its
 * events API ({@link #handle}); on a loopback port of its own ({@link #serve}) or mounted into
 * another server.
 */
public abstract class ProviderEventLog implements AutoCloseable {

    protected static final ObjectMapper JSON = new ObjectMapper();

    protected final List<ObjectNode> events = new ArrayList<>();
    protected final AtomicInteger calls = new AtomicInteger();
    private HttpServer server;

    /** Answers a request of the provider's events API. */
    public abstract void handle(HttpExchange exchange) throws IOException;

    /** Starts serving on a free loopback port (see {@link #baseUrl}). */
    protected final void serve() {
        server = StubHttp.start(this::handle);
    }

    public String baseUrl() {
        return StubHttp.baseUrl(server);
    }

    /** Keeps an event (its JSON, as a webhook carries it). */
    public synchronized void add(String eventJson) {
        try {
            events.add((ObjectNode) JSON.readTree(eventJson));
        } catch (IOException | ClassCastException e) {
            throw new IllegalArgumentException("not an event: " + e.getMessage(), e);
        }
    }

    public synchronized void clear() {
        events.clear();
    }

    /** How many list calls were made. */
    public int calls() {
        return calls.get();
    }

    protected static void send(HttpExchange exchange, int status, String body) throws IOException {
        StubHttp.send(exchange, status, body);
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
    }
}
