package io.paybus.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.io.IOException;
import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The console's own guarantees, against services played by WireMock at the HTTP level: no page
 * without an operator's key, no action without a CSRF token, the key checked by the order service
 * and never written into a page, and a service that refuses or is down named on the page (never
 * a 500). The pages themselves against the real services: {@code OperatorConsoleIT} in local-stack.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"management.server.port=0"})
class ConsoleSecurityTest {

    static final String OPERATOR_KEY = "pbk_operator_key_for_the_console_test";
    static final String MERCHANT_KEY = "pbk_merchant_key_without_operator_scope";
    static final WireMockServer services = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    static final int CLOSED_PORT = closedPort();

    static {
        services.start();
    }

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("paybus.console.order-url", services::baseUrl);
        registry.add("paybus.console.billing-url", services::baseUrl);
        registry.add("paybus.console.notification-url", services::baseUrl);
        // Nothing listens there: the ingest service is "down" for this test.
        registry.add("paybus.console.ingest-url", () -> "http://127.0.0.1:" + CLOSED_PORT);
    }

    @AfterAll
    static void stop() {
        services.stop();
    }

    @LocalServerPort
    int port;

    @Autowired
    RequestMappingHandlerMapping mappings;

    private HttpClient browser;

    @BeforeEach
    void freshBrowser() {
        services.resetAll();
        services.stubFor(get(urlPathEqualTo("/admin/audit")).atPriority(10).willReturn(problem(401, "Unauthorized")));
        services.stubFor(get(urlPathEqualTo("/admin/audit")).withHeader("Authorization", equalTo("Bearer "
                + MERCHANT_KEY)).willReturn(problem(403, "Forbidden")));
        services.stubFor(get(urlPathEqualTo("/admin/audit")).withHeader("Authorization", equalTo("Bearer "
                + OPERATOR_KEY)).willReturn(okJson("{\"entries\":[],\"nextCursor\":null}")));
        browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Test
    void everyPageAndActionOfTheConsoleNeedsASignedInOperator() throws Exception {
        List<String> checked = new ArrayList<>();
        for (var info : mappings.getHandlerMethods().keySet()) {
            for (String pattern : info.getPatternValues()) {
                if (pattern.equals("/login") || pattern.equals("/error") || pattern.startsWith("/actuator")) {
                    continue;
                }
                String path = pattern.replace("{service}", "order").replaceAll("\\{[^}]+}", "x1");
                for (RequestMethod verb : info.getMethodsCondition().getMethods()) {
                    checked.add(verb + " " + pattern);
                    HttpResponse<String> answer = send(verb.name(), path, verb == RequestMethod.POST ? "reason=x" : null);
                    if (verb == RequestMethod.GET) {
                        assertThat(answer.statusCode()).as(verb + " " + pattern).isEqualTo(302);
                        assertThat(answer.headers().firstValue("Location")).as(verb + " " + pattern).get()
                                .asString().endsWith("/login");
                    } else {
                        // No session and no CSRF token: refused before anything is called.
                        assertThat(answer.statusCode()).as(verb + " " + pattern).isIn(302, 403);
                    }
                }
            }
        }
        assertThat(checked).contains("GET /orders", "GET /orders/{orderId}", "POST /orders/{orderId}/interventions",
                "POST /dead-letters/{service}/{id}/replay", "POST /customers/{id}/credits/grant", "GET /audit/{service}");
        assertThat(services.getAllServeEvents()).as("no service was called for an anonymous request").isEmpty();
    }

    @Test
    void aSignedInFormWithoutItsCsrfTokenIsRefused() throws Exception {
        signIn(OPERATOR_KEY);
        HttpResponse<String> forged = send("POST", "/orders/o1/interventions", "action=note&reason=forged");
        assertThat(forged.statusCode()).isEqualTo(403);
        services.verify(0, com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlPathEqualTo("/orders/o1/interventions")));
    }

    @Test
    void onlyAnOperatorsKeySignsInAndItIsSentToTheServicesButNeverShown() throws Exception {
        assertThat(signIn("pbk_unknown").body()).contains("Paybus does not know this key.");
        assertThat(signIn(MERCHANT_KEY).body()).contains("This key has no operator scope");
        HttpResponse<String> signedIn = signIn(OPERATOR_KEY);
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location")).get().asString().endsWith("/orders");

        services.stubFor(get(urlPathEqualTo("/orders")).willReturn(okJson("{\"orders\":[{\"orderId\":\"o-1\","
                + "\"status\":\"PAID\",\"provider\":\"STRIPE\",\"amount\":4200,\"currency\":\"EUR\",\"refunded\":0,"
                + "\"createdAt\":\"2026-12-01T10:00:00Z\",\"updatedAt\":\"2026-12-01T10:00:01Z\",\"customerId\":null,"
                + "\"customerEmail\":\"a@b.example\"}],\"nextCursor\":\"c2\"}")));
        HttpResponse<String> page = send("GET", "/orders?status=PAID&createdFrom=2026-12-01", null);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("o-1").contains("42.00 EUR").contains("cursor=c2")
                .doesNotContain(OPERATOR_KEY);
        services.verify(getRequestedFor(urlPathEqualTo("/orders")).withHeader("Authorization",
                equalTo("Bearer " + OPERATOR_KEY)).withQueryParam("status", equalTo("PAID"))
                .withQueryParam("createdFrom", equalTo("2026-12-01T00:00:00Z")));
    }

    @Test
    void aServiceThatIsDownIsNamedOnThePageWithABadGatewayNotAServerError() throws Exception {
        signIn(OPERATOR_KEY);
        HttpResponse<String> page = send("GET", "/reconciliation", null);
        assertThat(page.statusCode()).isEqualTo(502);
        assertThat(page.body()).contains("ingest-service is not reachable");
    }

    @Test
    void aServicesRefusalIsShownAsItsProblemWithItsStatus() throws Exception {
        signIn(OPERATOR_KEY);
        services.stubFor(get(urlPathEqualTo("/orders/nope/history")).willReturn(problem(404, "Not Found")));
        HttpResponse<String> page = send("GET", "/orders/nope", null);
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).contains("order-service answered 404").contains("no such thing");

        services.stubFor(post(urlPathEqualTo("/orders/o1/interventions")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("{\"title\":\"Bad Request\",\"status\":400,\"detail\":\"reason is required\"}")));
        HttpResponse<String> refused = sendForm("/orders/o1/interventions", "action=note&reason=");
        assertThat(refused.statusCode()).isEqualTo(302);
        // The reason left blank is sent as none: the service refuses it in its own words.
        services.verify(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlPathEqualTo(
                "/orders/o1/interventions")).withRequestBody(com.github.tomakehurst.wiremock.client.WireMock
                .equalToJson("{\"action\":\"note\",\"reason\":null,\"paymentRef\":null}")));
    }

    @Test
    void aKeyTheServicesNoLongerAcceptEndsTheSession() throws Exception {
        signIn(OPERATOR_KEY);
        services.stubFor(get(urlPathEqualTo("/subscriptions")).willReturn(problem(401, "Unauthorized")));
        HttpResponse<String> page = send("GET", "/subscriptions", null);
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).get().asString().endsWith("/login?expired");
        assertThat(send("GET", "/orders", null).headers().firstValue("Location")).get().asString().endsWith("/login");
    }

    private HttpResponse<String> signIn(String key) throws Exception {
        return sendForm("/login", "apiKey=" + URLEncoder.encode(key, StandardCharsets.UTF_8));
    }

    /** A form as the browser posts it: with the CSRF token of a page of this session. */
    private HttpResponse<String> sendForm(String path, String form) throws Exception {
        String login = send("GET", "/login", null).body();
        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(login);
        assertThat(token.find()).as(login).isTrue();
        return send("POST", path, form + "&_csrf=" + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8));
    }

    private HttpResponse<String> send(String method, String path, String form) throws IOException,
            InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (form == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/x-www-form-urlencoded")
                    .method(method, HttpRequest.BodyPublishers.ofString(form));
        }
        return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder problem(int status, String title) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/problem+json")
                .withBody("{\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\"no such thing\"}");
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
