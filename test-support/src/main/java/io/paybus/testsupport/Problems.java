package io.paybus.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;

/** Assertions on RFC 9457 problem+json answers, by parsing them. */
public final class Problems {

    private Problems() {
    }

    /** Asserts a problem+json answer with this status and Paybus {@code code}; returns the parsed body. */
    public static JsonNode assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as("content type of " + response.body())
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode body = ApiClient.json(response);
        assertThat(body.path("status").asInt()).as(response.body()).isEqualTo(status);
        assertThat(body.path("code").asText()).as(response.body()).isEqualTo(code);
        return body;
    }
}
