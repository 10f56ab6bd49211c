package io.paybus.platform.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Map;
import org.springdoc.core.customizers.GlobalOperationCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.web.method.HandlerMethod;

/**
 * Every service's OpenAPI 3 document at {@code /v3/api-docs} (and a UI at {@code /swagger-ui.html}),
 * from its controllers: the two ways in (an API key or a JWT, both as a bearer token) and, on every
 * operation, the problem+json answers Paybus gives (400 bad input, 401 without credentials, 403
 * without the scope, 404 for a path naming something unknown), beside what the operation itself
 * declares. The services' security tests check it against what each endpoint really answers.
 */
@AutoConfiguration
@ConditionalOnClass(GlobalOperationCustomizer.class)
public class ApiDocumentation {

    static final String PROBLEM = "application/problem+json";

    @Bean
    OpenAPI paybusOpenApi(@Value("${spring.application.name:paybus}") String service) {
        return new OpenAPI()
                .info(new Info().title("Paybus " + service).version("0.1.0").description("The REST API of Paybus's "
                        + service + ". Every endpoint but the webhooks needs a bearer token: an API key (pbk_…) or a"
                        + " JWT of the configured issuer, with the scope the endpoint names. Errors are problem+json"
                        + " (RFC 9457) with a stable code."))
                .components(new Components()
                        .addSecuritySchemes("apiKey", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("An API key, pbk_…, made by the operator; its scopes are configured with it"))
                        .addSecuritySchemes("jwt", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .bearerFormat("JWT").description("A JWT of paybus.security.jwt.issuer-uri; scopes in its"
                                        + " scope or scp claim"))
                        .addSchemas("Problem", problemSchema()))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"))
                .addSecurityItem(new SecurityRequirement().addList("jwt"));
    }

    @Bean
    GlobalOperationCustomizer paybusProblemResponses() {
        return (Operation operation, HandlerMethod handler) -> {
            ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
            add(responses, "400", "Bad input: the problem's code and detail name what");
            add(responses, "401", "No credentials, or unknown ones");
            add(responses, "403", "The credentials lack the endpoint's scope");
            if (java.util.Arrays.stream(handler.getMethodParameters())
                    .anyMatch(p -> p.hasParameterAnnotation(org.springframework.web.bind.annotation.PathVariable.class))) {
                add(responses, "404", "The path names something unknown");
            }
            operation.setResponses(responses);
            return operation;
        };
    }

    private static void add(ApiResponses responses, String status, String description) {
        if (!responses.containsKey(status)) {
            responses.addApiResponse(status, new ApiResponse().description(description).content(new Content()
                    .addMediaType(PROBLEM, new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem")))));
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema problemSchema() {
        return new ObjectSchema().description("RFC 9457 problem details, with Paybus's stable code")
                .properties(Map.of("type", new StringSchema(), "title", new StringSchema(), "status", new IntegerSchema(),
                        "detail", new StringSchema(), "instance", new StringSchema(),
                        "code", new StringSchema().description("stable, e.g. field_invalid, order_not_found")));
    }
}
