package io.paybus.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Calls a running service's REST API, with or without credentials; answers parsed as JSON on demand. */
public final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final Map<String, String> headers;

    private ApiClient(String baseUrl, Map<String, String> headers) {
        this.baseUrl = baseUrl;
        this.headers = headers;
    }

    /** No credentials. */
    public static ApiClient anonymous(int port) {
        return new ApiClient("http://127.0.0.1:" + port, Map.of());
    }

    public static ApiClient withKey(int port, String apiKey) {
        return new ApiClient("http://127.0.0.1:" + port, Map.of("Authorization", "Bearer " + apiKey));
    }

    public static ApiClient withHeader(int port, String name, String value) {
        return new ApiClient("http://127.0.0.1:" + port, Map.of(name, value));
    }

    public HttpResponse<String> get(String path) {
        return send("GET", path, null, Map.of());
    }

    public HttpResponse<String> post(String path, String json) {
        return send("POST", path, json, Map.of());
    }

    public HttpResponse<String> post(String path, String json, Map<String, String> extraHeaders) {
        return send("POST", path, json, extraHeaders);
    }

    public HttpResponse<String> send(String method, String path, String json, Map<String, String> extraHeaders) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        extraHeaders.forEach(request::header);
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The answer's body as JSON. */
    public static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }
}
