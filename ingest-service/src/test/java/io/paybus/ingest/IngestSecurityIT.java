package io.paybus.ingest;

import static io.paybus.platform.security.Scopes.OPERATOR;
import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.paybus.infra.EmbeddedInfra;
import io.paybus.testsupport.ApiClient;
import io.paybus.testsupport.InsecureStart;
import io.paybus.testsupport.SecurityMatrix;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** Webhooks are public (their signature authenticates them); everything else needs its scope. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IngestSecurityIT {

    static final Map<String, String> SCOPES = SecurityMatrix.table(Map.ofEntries(
            entry("POST /webhooks/stripe", SecurityMatrix.PUBLIC),
            entry("POST /webhooks/stripe/{endpoint}", SecurityMatrix.PUBLIC),
            entry("POST /webhooks/paypal", SecurityMatrix.PUBLIC),
            entry("POST /webhooks/paypal/{endpoint}", SecurityMatrix.PUBLIC),
            entry("GET /admin/reconcile/accounts", OPERATOR),
            entry("POST /admin/reconcile/sweep", OPERATOR),
            entry("POST /admin/reconcile/backfill", OPERATOR),
            entry("GET /admin/reconcile/runs", OPERATOR),
            entry("GET /admin/reconcile/runs/{id}", OPERATOR),
            entry("POST /admin/reconcile/runs/{id}/cancel", OPERATOR)),
            SecurityMatrix.PLATFORM);

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        IngestTestProperties.register(registry);
    }

    @Test
    void everyEndpointNeedsItsScopeAndWebhooksNone() {
        SecurityMatrix.walk(mappings.getHandlerMethods(), SCOPES, port);
    }

    @Autowired
    FilterChainProxy securityFilters;

    @Autowired
    MeterRegistry meters;

    /**
     * The webhook POSTs take an empty chain (their signature authenticates them; the platform chain's
     * filters were a large share of a delivery's CPU, #15); any other method on those paths, and
     * every other path, still takes the platform's, and nothing of Spring Security is observed.
     */
    @Test
    void webhooksPassNoSecurityFilterAndEverythingElseThePlatformChain() {
        for (String webhook : new String[] {"/webhooks/stripe", "/webhooks/stripe/eu", "/webhooks/paypal",
                "/webhooks/paypal/eu"}) {
            assertThat(filtersFor("POST", webhook)).as(webhook).isEmpty();
            assertThat(filtersFor("GET", webhook)).as("GET " + webhook).isNotEmpty();
        }
        for (String other : new String[] {"/admin/reconcile/sweep", "/webhooks/stripe/eu/x", "/webhooks",
                "/webhooks/other"}) {
            assertThat(filtersFor("POST", other)).as(other).isNotEmpty();
        }
        assertThat(ApiClient.anonymous(port).post("/admin/reconcile/sweep", "{}").statusCode()).isEqualTo(401);
        assertThat(meters.getMeters()).as("no Spring Security observations")
                .noneMatch(meter -> meter.getId().getName().startsWith("spring.security"));
    }

    private java.util.List<jakarta.servlet.Filter> filtersFor(String method, String path) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.setServletPath(path);
        return securityFilters.getFilterChains().stream().filter(chain -> chain.matches(request)).findFirst()
                .orElseThrow().getFilters();
    }

    @Test
    void onlyHealthAndPrometheusAreExposedAndOnlyOnTheManagementPort() {
        ApiClient management = ApiClient.anonymous(managementPort);
        assertThat(management.get("/actuator/health").statusCode()).isEqualTo(200);
        assertThat(management.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        assertThat(management.get("/actuator/prometheus").body()).contains("jvm_memory_used_bytes");
        for (String hidden : new String[] {"/actuator/env", "/actuator/beans", "/actuator/metrics",
                "/actuator/configprops", "/actuator/heapdump"}) {
            assertThat(management.get(hidden).statusCode()).as(hidden).isIn(401, 403, 404);
        }
        assertThat(ApiClient.anonymous(port).get("/actuator/health").statusCode()).isEqualTo(404);
        assertThat(ApiClient.anonymous(port).get("/actuator/prometheus").statusCode()).isEqualTo(404);
    }

    @Test
    void outsideTheLocalProfileTheDemoSecretOrNoSecretRefusesToStart() {
        String key = "--paybus.security.api-keys[0].id=ops";
        String hash = "--paybus.security.api-keys[0].sha256=" + "a".repeat(64);
        String scopes = "--paybus.security.api-keys[0].scopes=operator";
        assertRefused("published demo secret", "--paybus.ingest.stripe.secrets[0]=whsec_paybus_local_demo", key, hash,
                scopes);
        assertRefused("no webhook can be verified", key, hash, scopes);
        assertRefused("no API key and no JWT issuer", "--paybus.ingest.stripe.secrets[0]=whsec_a_real_one");
    }

    private static void assertRefused(String message, String... settings) {
        EmbeddedInfra infra = EmbeddedInfra.shared();
        String[] args = new String[settings.length + 2];
        args[0] = "--spring.kafka.bootstrap-servers=" + infra.kafka().bootstrapServers();
        args[1] = "--spring.datasource.url=" + infra.postgres().jdbcUrl("ingest_it");
        System.arraycopy(settings, 0, args, 2, settings.length);
        InsecureStart.assertRefused(IngestApplication.class, message, args);
    }
}
