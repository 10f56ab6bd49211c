package io.paybus.billing;

import static io.paybus.platform.security.Scopes.BILLING_ADMIN;
import static io.paybus.platform.security.Scopes.BILLING_READ;
import static io.paybus.platform.security.Scopes.BILLING_WRITE;
import static io.paybus.platform.security.Scopes.OPERATOR;
import static io.paybus.testsupport.Problems.assertProblem;
import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.paybus.infra.EmbeddedInfra;
import io.paybus.testsupport.ApiClient;
import io.paybus.testsupport.InsecureStart;
import io.paybus.testsupport.SecurityMatrix;
import io.paybus.testsupport.TestCredentials;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** Who may call what on the billing service, what is audited, and amounts that cannot overflow. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BillingSecurityIT {

    /** Every endpoint and the one scope it needs. A new endpoint must be added here, with its rule. */
    static final Map<String, String> SCOPES = SecurityMatrix.table(Map.ofEntries(
            entry("GET /subscriptions", BILLING_READ),
            entry("GET /subscriptions/{id}", BILLING_READ),
            entry("GET /customers/{id}/subscriptions", BILLING_READ),
            entry("GET /customers/{customerId}/credits", BILLING_READ),
            entry("GET /customers/{customerId}/usage", BILLING_READ),
            entry("GET /receipts/{number}", BILLING_READ),
            entry("GET /receipts/{number}.pdf", BILLING_READ),
            entry("GET /orders/{orderId}/receipt", BILLING_READ),
            entry("GET /customers/{customerId}/receipts", BILLING_READ),
            entry("POST /customers/{customerId}/credits/consume", BILLING_WRITE),
            entry("POST /customers/{customerId}/usage", BILLING_WRITE),
            entry("POST /customers/{customerId}/credits/grant", BILLING_ADMIN),
            entry("POST /admin/drift/checks", OPERATOR),
            entry("GET /admin/drift/checks/{id}", OPERATOR),
            entry("GET /admin/drift", OPERATOR),
            entry("POST /admin/drift/repairs", OPERATOR)),
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
        registry.add("spring.datasource.url", () -> infra.postgres().jdbcUrl("billing_security_it"));
        TestCredentials.register(registry::add);
    }

    @Test
    void everyEndpointNeedsItsScope() {
        SecurityMatrix.walk(mappings.getHandlerMethods(), SCOPES, port);
    }

    @Test
    void aCreditGrantIsAuditedWithItsPrincipalAndReason() {
        String customer = "cus_" + UUID.randomUUID();
        ApiClient admin = ApiClient.withKey(port, TestCredentials.only(BILLING_ADMIN));
        assertThat(admin.post("/customers/" + customer + "/credits/grant",
                "{\"key\":\"goodwill-1\",\"amount\":500,\"reason\":\"outage on 2026-11-30\"}").statusCode())
                .isEqualTo(201);
        JsonNode entries = ApiClient.json(ApiClient.withKey(port, TestCredentials.only(OPERATOR))
                .get("/admin/audit?action=credits.grant&target=customer:" + customer)).path("entries");
        assertThat(entries).hasSize(1);
        JsonNode entry = entries.get(0);
        assertThat(entry.path("actor").asText()).isEqualTo("key:" + TestCredentials.onlyId(BILLING_ADMIN));
        assertThat(entry.path("reason").asText()).isEqualTo("outage on 2026-11-30");
        assertThat(entry.path("details").path("amount").asLong()).isEqualTo(500);
        assertThat(entry.path("at").asText()).isNotBlank();
    }

    @Test
    void amountsAreBoundedAndNeverOverflow() {
        String customer = "cus_" + UUID.randomUUID();
        ApiClient client = ApiClient.withKey(port, TestCredentials.ALL);
        assertProblem(client.post("/customers/" + customer + "/credits/grant",
                "{\"key\":\"huge\",\"amount\":9200000000000000000}"), 422, "amount_out_of_range");
        for (int i = 0; i < 10; i++) {
            assertThat(client.post("/customers/" + customer + "/credits/grant",
                    "{\"key\":\"g" + i + "\",\"amount\":1000000000000}").statusCode()).isEqualTo(201);
        }
        assertProblem(client.post("/customers/" + customer + "/credits/grant",
                "{\"key\":\"one-more\",\"amount\":1}"), 422, "balance_overflow");
        assertThat(ApiClient.json(client.get("/customers/" + customer + "/credits")).path("balance").asLong())
                .isEqualTo(10_000_000_000_000L);
        assertProblem(client.post("/customers/" + customer + "/credits/consume",
                "{\"key\":\"c\",\"amount\":99999999999999999999}"), 400, "invalid_request");
        assertProblem(client.post("/customers/" + customer + "/usage", "{\"key\":\"u\",\"amount\":2000000000}"),
                422, "amount_out_of_range");
        String heavy = "cus_" + UUID.randomUUID();
        for (int i = 0; i < 1000; i++) {
            assertThat(client.post("/customers/" + heavy + "/usage", "{\"key\":\"u" + i + "\",\"amount\":1000000000}")
                    .statusCode()).isEqualTo(201);
        }
        assertProblem(client.post("/customers/" + heavy + "/usage", "{\"key\":\"u-last\",\"amount\":1}"), 422,
                "usage_overflow");
        String longId = "c".repeat(300);
        assertProblem(client.get("/customers/" + longId + "/credits"), 400, "invalid_customer_id");
        assertProblem(client.post("/customers/" + longId + "/credits/grant", "{\"key\":\"k\",\"amount\":1}"), 400,
                "invalid_customer_id");
        assertProblem(client.get("/subscriptions/" + longId), 400, "invalid_subscription_id");
        assertProblem(client.post("/customers/" + customer + "/usage", "{\"key\":\"" + "x".repeat(70_000) + "\"}"),
                413, "payload_too_large");
    }

    @Test
    void outsideTheLocalProfileItRefusesToStartWithoutCredentials() {
        EmbeddedInfra infra = EmbeddedInfra.shared();
        InsecureStart.assertRefused(BillingApplication.class, "no API key and no JWT issuer is configured",
                "--spring.kafka.bootstrap-servers=" + infra.kafka().bootstrapServers(),
                "--spring.datasource.url=" + infra.postgres().jdbcUrl("billing_security_it"));
    }
}
