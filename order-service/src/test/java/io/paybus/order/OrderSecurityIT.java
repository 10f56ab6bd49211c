package io.paybus.order;

import static io.paybus.platform.security.Scopes.OPERATOR;
import static io.paybus.platform.security.Scopes.ORDERS_READ;
import static io.paybus.platform.security.Scopes.ORDERS_WRITE;
import static io.paybus.platform.security.Scopes.REFUNDS_WRITE;
import static io.paybus.testsupport.Problems.assertProblem;
import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.paybus.infra.EmbeddedInfra;
import io.paybus.platform.security.ApiKeys;
import io.paybus.testsupport.ApiClient;
import io.paybus.testsupport.InsecureStart;
import io.paybus.testsupport.SecurityMatrix;
import io.paybus.testsupport.TestCredentials;
import io.paybus.testsupport.TestJwtIssuer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** Who may call what on the order service: every endpoint, API keys, JWTs, and the edges of the API. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OrderSecurityIT {

    /** Every endpoint and the one scope it needs. A new endpoint must be added here, with its rule. */
    static final Map<String, String> SCOPES = SecurityMatrix.table(Map.ofEntries(
            entry("POST /orders", ORDERS_WRITE),
            entry("POST /orders/{orderId}/capture", ORDERS_WRITE),
            entry("POST /orders/{orderId}/interventions", OPERATOR),
            entry("POST /orders/{orderId}/refunds", REFUNDS_WRITE),
            entry("GET /orders", ORDERS_READ),
            entry("GET /orders/{orderId}", ORDERS_READ),
            entry("GET /orders/{orderId}/history", ORDERS_READ),
            entry("GET /orders/{orderId}/provider", ORDERS_READ),
            entry("POST /admin/drift/checks", OPERATOR),
            entry("GET /admin/drift/checks/{id}", OPERATOR),
            entry("GET /admin/drift", OPERATOR),
            entry("POST /admin/drift/repairs", OPERATOR),
            entry("GET /projection-dead-letters", OPERATOR),
            entry("POST /projection-dead-letters/replay", OPERATOR),
            entry("POST /projection-dead-letters/discard", OPERATOR),
            entry("POST /admin/projections/order-summary/rebuild", OPERATOR),
            entry("GET /admin/projections/order-summary", OPERATOR)),
            SecurityMatrix.PLATFORM, SecurityMatrix.DEAD_LETTERS);

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        EmbeddedInfra infra = EmbeddedInfra.shared();
        registry.add("spring.kafka.bootstrap-servers", () -> infra.kafka().bootstrapServers());
        registry.add("spring.datasource.url", () -> infra.postgres().jdbcUrl("orders_security_it"));
        TestCredentials.register(registry::add);
        registry.add("paybus.security.jwt.issuer-uri", () -> TestJwtIssuer.shared().issuer());
        registry.add("paybus.security.jwt.jwk-set-uri", () -> TestJwtIssuer.shared().jwkSetUri());
    }

    @Test
    void everyEndpointNeedsItsScope() {
        SecurityMatrix.walk(mappings.getHandlerMethods(), SCOPES, port);
    }

    @Test
    void aJwtFromTheIdentityProviderWorksWithItsScopesOnly() {
        String reader = TestJwtIssuer.shared().token("alice", List.of(ORDERS_READ));
        ApiClient alice = ApiClient.withHeader(port, "Authorization", "Bearer " + reader);
        assertProblem(alice.get("/orders/nobody-has-this"), 404, "order_not_found");
        assertProblem(alice.post("/orders", "{}"), 403, "insufficient_scope");

        String operator = TestJwtIssuer.shared().token("bob@example.com", List.of(OPERATOR, "unknown:scope"));
        HttpResponse<String> rebuild = ApiClient.withHeader(port, "Authorization", "Bearer " + operator)
                .post("/admin/projections/order-summary/rebuild?reason=checking%20the%20JWT", "");
        assertThat(rebuild.statusCode()).as(rebuild.body()).isEqualTo(202);
        JsonNode audited = ApiClient.json(ApiClient.withKey(port, TestCredentials.ALL)
                .get("/admin/audit?action=projection.rebuild&actor=jwt:bob@example.com")).path("entries");
        assertThat(audited).hasSize(1);
        assertThat(audited.get(0).path("reason").asText()).isEqualTo("checking the JWT");

        String forged = TestJwtIssuer.shared().forgedToken("mallory", List.of(ORDERS_READ));
        HttpResponse<String> refused = ApiClient.withHeader(port, "Authorization", "Bearer " + forged)
                .get("/orders/nobody-has-this");
        assertProblem(refused, 401, "invalid_credentials");
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Bearer").contains("invalid_token"));
    }

    @Test
    void aRotatedOutOrUnknownKeyIsRefusedAndXApiKeyWorks() {
        assertProblem(ApiClient.withKey(port, TestCredentials.RETIRED).get("/orders/o-1"), 401,
                "invalid_credentials");
        assertProblem(ApiClient.withKey(port, ApiKeys.generate()).get("/orders/o-1"), 401, "invalid_credentials");
        assertProblem(ApiClient.withHeader(port, "X-Api-Key", "not-even-a-key").get("/orders/o-1"), 401,
                "invalid_credentials");
        assertProblem(ApiClient.withHeader(port, "X-Api-Key", TestCredentials.only(ORDERS_READ)).get("/orders/o-1"),
                404, "order_not_found");
        HttpResponse<String> none = ApiClient.anonymous(port).get("/orders/o-1");
        assertProblem(none, 401, "credentials_required");
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"paybus\"");
    }

    @Test
    void idsAndBodiesAreBoundedWhereTheyEnter() {
        ApiClient client = ApiClient.withKey(port, TestCredentials.ALL);
        String longId = "o".repeat(300);
        assertProblem(client.get("/orders/" + longId), 400, "invalid_order_id");
        assertProblem(client.get("/orders/" + longId + "/history"), 400, "invalid_order_id");
        assertProblem(client.post("/orders/" + longId + "/refunds", "{}"), 400, "invalid_order_id");
        assertProblem(client.post("/orders", "{\"provider\":\"stripe\",\"amount\":1,\"currency\":\"EUR\","
                + "\"orderId\":\"" + longId + "\"}"), 400, "invalid_request");
        assertProblem(client.post("/orders", "{\"provider\":\"stripe\",\"amount\":99999999999999999999,"
                + "\"currency\":\"EUR\"}"), 400, "invalid_request");
        String huge = "{\"description\":\"" + "x".repeat(70_000) + "\"}";
        assertProblem(client.post("/orders", huge), 413, "payload_too_large");
        assertProblem(client.get("/dead-letters/not-a-number"), 400, "invalid_request");
    }

    @Test
    void outsideTheLocalProfileItRefusesToStartWithoutCredentials() {
        EmbeddedInfra infra = EmbeddedInfra.shared();
        InsecureStart.assertRefused(OrderServiceApplication.class, "no API key and no JWT issuer is configured",
                "--spring.kafka.bootstrap-servers=" + infra.kafka().bootstrapServers(),
                "--spring.datasource.url=" + infra.postgres().jdbcUrl("orders_security_it"));
    }
}
