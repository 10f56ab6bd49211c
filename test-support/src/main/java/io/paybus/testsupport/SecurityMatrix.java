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
            "GET /error", DENIED);

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
        for (var entry : found.entrySet()) {
            String[] parts = entry.getKey().split(" ", 2);
            String method = parts[0];
            String path = sample(parts[1]);
            String scope = entry.getValue();
            String body = method.equals("GET") ? null : "{}";
            HttpResponse<String> anonymous = ApiClient.anonymous(port).send(method, path, body, Map.of());
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
        assertThat(Scopes.ALL).containsAll(found.values().stream().filter(s -> s != null && !s.equals(PUBLIC) && !s.equals(DENIED))
                .toList());
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
