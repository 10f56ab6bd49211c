package io.paybus.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.paybus.platform.security.Scopes;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;

/**
 * Walks every endpoint a service maps and checks it against the scope it is expected to need:
 * without credentials 401, with a key that has every scope but that one 403, with a key that has
 * only that one neither. An endpoint the table does not name fails the walk, so a new endpoint
 * needs a decision (and, the service's rules ending in {@code denyAll()}, a rule).
 */
public final class SecurityMatrix {

    /** The scope that webhook-style endpoints need: none; their signature authenticates them. */
    public static final String PUBLIC = "public";
    /**
     * No credential may call it directly: the container's error page, reached only by the error
     * dispatch of a request that was authorized already. Without credentials 401, with every scope 403.
     */
    public static final String DENIED = "denied";

    /** What the platform maps in every service: the audit log, and the error page nobody calls directly. */
    public static final Map<String, String> PLATFORM = Map.of(
            "GET /admin/audit", Scopes.OPERATOR,
            "GET /error", DENIED,
            "GET /v3/api-docs", PUBLIC,
            "GET /v3/api-docs.yaml", PUBLIC,
            "GET /v3/api-docs/swagger-config", PUBLIC,
            "GET /swagger-ui.html", PUBLIC);

    /** Mapped by the platform for its own sake, not part of a service's API document. */
    private static final java.util.Set<String> UNDOCUMENTED = java.util.Set.of("GET /error", "GET /v3/api-docs",
            "GET /v3/api-docs.yaml", "GET /v3/api-docs/swagger-config", "GET /swagger-ui.html");

    /** The platform's {@code /dead-letters}, in every service that parks records: the operator's. */
    public static final Map<String, String> DEAD_LETTERS = Map.of(
            "GET /dead-letters", Scopes.OPERATOR,
            "GET /dead-letters/{id}", Scopes.OPERATOR,
            "POST /dead-letters/{id}/replay", Scopes.OPERATOR,
            "POST /dead-letters/replay", Scopes.OPERATOR,
            "POST /dead-letters/replay-all", Scopes.OPERATOR,
            "POST /dead-letters/{id}/discard", Scopes.OPERATOR);

    private SecurityMatrix() {
    }

    /** A service's table: its own endpoints and the platform's parts it maps. */
    @SafeVarargs
    public static Map<String, String> table(Map<String, String> own, Map<String, String>... platformParts) {
        Map<String, String> table = new java.util.HashMap<>(own);
        for (Map<String, String> part : platformParts) {
            part.forEach((endpoint, scope) -> {
                if (table.putIfAbsent(endpoint, scope) != null) {
                    throw new IllegalArgumentException(endpoint + " is named twice");
                }
            });
        }
        return Map.copyOf(table);
    }

    /**
     * @param mappings the service's {@code requestMappingHandlerMapping().getHandlerMethods()}
     * @param expected {@code "POST /orders/{orderId}/refunds"} to its scope (or {@link #PUBLIC})
     * @param port     where the service listens
     */
    public static void walk(Map<RequestMappingInfo, HandlerMethod> mappings, Map<String, String> expected, int port) {
        Map<String, String> found = new TreeMap<>();
        for (RequestMappingInfo info : mappings.keySet()) {
            if (info.getPathPatternsCondition() == null) {
                continue;
            }
            for (String pattern : info.getPathPatternsCondition().getPatternValues()) {
                var methods = info.getMethodsCondition().getMethods();
                for (RequestMethod method : methods.isEmpty() ? List.of(RequestMethod.GET) : methods) {
                    String endpoint = method.name() + " " + pattern;
                    found.put(endpoint, expected.get(endpoint));
                }
            }
        }
        assertThat(new TreeSet<>(found.keySet())).as("endpoints the service maps vs. the matrix's table")
                .isEqualTo(new TreeSet<>(expected.keySet()));
        List<String> failures = new ArrayList<>();
        Map<String, java.util.Set<Integer>> answered = new TreeMap<>();
        for (var entry : found.entrySet()) {
            String[] parts = entry.getKey().split(" ", 2);
            String method = parts[0];
            String path = sample(parts[1]);
            String scope = entry.getValue();
            String body = method.equals("GET") ? null : "{}";
            HttpResponse<String> anonymous = ApiClient.anonymous(port).send(method, path, body, Map.of());
            answered.computeIfAbsent(entry.getKey(), k -> new TreeSet<>()).add(anonymous.statusCode());
            if (DENIED.equals(scope)) {
                expect(failures, entry.getKey() + " without credentials", anonymous, 401);
                expect(failures, entry.getKey() + " with every scope",
                        ApiClient.withKey(port, TestCredentials.ALL).send(method, path, body, Map.of()), 403);
                continue;
            }
            if (PUBLIC.equals(scope)) {
                if (anonymous.statusCode() == 401 || anonymous.statusCode() == 403) {
                    failures.add(entry.getKey() + " is public but answered " + anonymous.statusCode());
                }
                continue;
            }
            expect(failures, entry.getKey() + " without credentials", anonymous, 401);
            expect(failures, entry.getKey() + " with a key lacking " + scope,
                    ApiClient.withKey(port, TestCredentials.allBut(scope)).send(method, path, body, Map.of()), 403);
            HttpResponse<String> allowed = ApiClient.withKey(port, TestCredentials.only(scope))
                    .send(method, path, body, Map.of());
            answered.get(entry.getKey()).addAll(List.of(403, allowed.statusCode()));
            if (allowed.statusCode() == 401 || allowed.statusCode() == 403) {
                failures.add(entry.getKey() + " with only " + scope + " answered " + allowed.statusCode() + " "
                        + allowed.body());
            }
            if (allowed.statusCode() >= 500) {
                failures.add(entry.getKey() + " with only " + scope + " answered " + allowed.statusCode() + " "
                        + allowed.body());
            }
        }
        assertThat(failures).as("security matrix").isEmpty();
        documented(answered, port);
        assertThat(Scopes.ALL).containsAll(found.values().stream().filter(s -> s != null && !s.equals(PUBLIC) && !s.equals(DENIED))
                .toList());
    }

    /**
     * The service's OpenAPI document names every endpoint it maps, with each status the walk saw
     * it answer (401 without credentials, 403 without the scope, and what it answered with the scope).
     */
    private static void documented(Map<String, java.util.Set<Integer>> answered, int port) {
        HttpResponse<String> served = ApiClient.anonymous(port).get("/v3/api-docs");
        assertThat(served.statusCode()).as("GET /v3/api-docs").isEqualTo(200);
        com.fasterxml.jackson.databind.JsonNode paths = ApiClient.json(served).path("paths");
        List<String> missing = new ArrayList<>();
        for (var entry : answered.entrySet()) {
            if (UNDOCUMENTED.contains(entry.getKey())) {
                continue;
            }
            String[] parts = entry.getKey().split(" ", 2);
            com.fasterxml.jackson.databind.JsonNode operation = paths.path(parts[1]).path(parts[0].toLowerCase());
            if (operation.isMissingNode()) {
                missing.add(entry.getKey() + ": not in the document");
                continue;
            }
            for (int status : entry.getValue()) {
                if (!operation.path("responses").has(Integer.toString(status))) {
                    List<String> documented = new ArrayList<>();
                    operation.path("responses").fieldNames().forEachRemaining(documented::add);
                    missing.add(entry.getKey() + ": answered " + status + ", documented " + documented);
                }
            }
        }
        assertThat(missing).as("the OpenAPI document against what the endpoints answer").isEmpty();
    }

    /** {@code endpoint} ({@code POST /orders}) answered {@code status}: the service's OpenAPI document says it may. */
    public static void assertDocumented(int port, String endpoint, int status) {
        String[] parts = endpoint.split(" ", 2);
        com.fasterxml.jackson.databind.JsonNode responses = ApiClient.json(ApiClient.anonymous(port).get("/v3/api-docs"))
                .path("paths").path(parts[1]).path(parts[0].toLowerCase()).path("responses");
        List<String> documented = new ArrayList<>();
        responses.fieldNames().forEachRemaining(documented::add);
        assertThat(documented).as(endpoint + " answered " + status + "; its OpenAPI responses").contains(
                Integer.toString(status));
    }

    private static void expect(List<String> failures, String what, HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            failures.add(what + ": " + response.statusCode() + " instead of " + status + " " + response.body());
        } else if (!response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
            failures.add(what + ": " + status + " but not problem+json");
        } else if (status == 401 && response.headers().firstValue("WWW-Authenticate").isEmpty()) {
            failures.add(what + ": 401 without WWW-Authenticate");
        }
    }

    /** A concrete path for a pattern: numeric ids where the name says id, a word elsewhere. */
    static String sample(String pattern) {
        return pattern.replaceAll("\\{id}", "1").replaceAll("\\{[^}]+}", "matrix-sample");
    }
}
