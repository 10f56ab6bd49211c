package io.paybus.console.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.paybus.console.ConsoleProperties;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The one way the console talks to Paybus: the services' public REST APIs, with the signed-in
 * operator's API key as the bearer token. A refusal becomes a {@link ServiceProblem} carrying the
 * service's own problem+json; a service that is down or slow becomes one too (502, 504), so a page
 * says which service failed instead of failing itself.
 */
@Component
public class PaybusApi {

    /** What a service answered: the status, the JSON body read as maps and lists, and the headers. */
    public record Answer(int status, Object body, Map<String, List<String>> headers) {

        @SuppressWarnings("unchecked")
        public Map<String, Object> map() {
            return body instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        }

        @SuppressWarnings("unchecked")
        public List<Map<String, Object>> list() {
            return body instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
        }

        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConsoleProperties properties;
    private final HttpClient http;

    public PaybusApi(ConsoleProperties properties) {
        this.properties = properties;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    }

    /** GET with the operator's key; {@code query} entries that are null or blank are left out. */
    public Answer get(Service service, String path, Map<String, ?> query, Object... pathVariables) {
        return send(service, "GET", uri(service, path, query, pathVariables), null, currentKey());
    }

    /** POST a JSON body (null: none) with the operator's key. */
    public Answer post(Service service, String path, Map<String, ?> query, Object body, Object... pathVariables) {
        return send(service, "POST", uri(service, path, query, pathVariables), body, currentKey());
    }

    /** The bytes of a document (a receipt's PDF) and its content type. */
    public Document download(Service service, String path, Object... pathVariables) {
        HttpRequest request = request(uri(service, path, Map.of(), pathVariables), currentKey())
                .header("Accept", "application/pdf").GET().build();
        HttpResponse<byte[]> response = exchange(service, request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() >= 400) {
            throw problem(service, response.statusCode(), new String(response.body(),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        return new Document(response.body(), response.headers().firstValue("Content-Type").orElse("application/pdf"));
    }

    public record Document(byte[] bytes, String contentType) {
    }

    /**
     * Checks a key before it is kept in a session: the order service's audit log answers an
     * operator's key only. 401: not a key Paybus knows; 403: a key without the {@code operator} scope.
     */
    public void verifyOperatorKey(String key) {
        send(Service.ORDER, "GET", uri(Service.ORDER, "/admin/audit", Map.of("limit", "1")), null, key);
    }

    private URI uri(Service service, String path, Map<String, ?> query, Object... pathVariables) {
        UriComponentsBuilder builder = UriComponentsBuilder.fromUri(service.baseUrl(properties)).path(path);
        query.forEach((name, value) -> {
            if (value != null && !value.toString().isBlank()) {
                builder.queryParam(name, "{q_" + name + "}");
            }
        });
        Map<String, Object> variables = new LinkedHashMap<>();
        List<String> names = builder.build().getPathSegments().stream().filter(s -> s.startsWith("{"))
                .map(s -> s.substring(1, s.indexOf('}'))).toList();
        for (int i = 0; i < names.size(); i++) {
            variables.put(names.get(i), pathVariables[i]);
        }
        query.forEach((name, value) -> {
            if (value != null && !value.toString().isBlank()) {
                variables.put("q_" + name, value.toString().strip());
            }
        });
        return builder.encode().buildAndExpand(variables).toUri();
    }

    private Answer send(Service service, String method, URI uri, Object body, String key) {
        HttpRequest.Builder request = request(uri, key).header("Accept", "application/json, application/problem+json");
        try {
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = exchange(service, request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 400) {
            throw problem(service, response.statusCode(), response.body());
        }
        Object parsed = null;
        if (!response.body().isBlank()) {
            try {
                parsed = JSON.readValue(response.body(), Object.class);
            } catch (IOException notJson) {
                parsed = response.body();
            }
        }
        return new Answer(response.statusCode(), parsed, response.headers().map());
    }

    private HttpRequest.Builder request(URI uri, String key) {
        return HttpRequest.newBuilder(uri).timeout(properties.callTimeout()).header("Authorization", "Bearer " + key);
    }

    private <T> HttpResponse<T> exchange(Service service, HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (HttpTimeoutException e) {
            throw new ServiceProblem(504, service.title() + " did not answer",
                    "no answer within " + properties.callTimeout().toSeconds() + " s", service);
        } catch (ConnectException e) {
            throw new ServiceProblem(502, service.title() + " is not reachable",
                    "at " + service.baseUrl(properties), service);
        } catch (IOException e) {
            throw new ServiceProblem(502, service.title() + " is not reachable", e.toString(), service);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceProblem(503, "interrupted", null, service);
        }
    }

    private static ServiceProblem problem(Service service, int status, String body) {
        String title = "HTTP " + status;
        String detail = null;
        try {
            Map<?, ?> problem = JSON.readValue(body, Map.class);
            title = problem.get("title") instanceof String t ? t : title;
            detail = problem.get("detail") instanceof String d ? d : null;
        } catch (IOException | RuntimeException notProblem) {
            detail = body.length() > 300 ? body.substring(0, 300) : body;
        }
        return new ServiceProblem(status, title, detail, service);
    }

    private static String currentKey() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getCredentials() instanceof String key)) {
            throw new ServiceProblem(401, "not signed in", null, null);
        }
        return key;
    }
}
