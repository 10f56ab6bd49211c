package io.paybus.platform.security;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call a service, under {@code paybus.security}.
 *
 * @param apiKeys API keys, each by its SHA-256 (the key itself is never configured, stored or logged);
 *                several may be active at once, which is how a key is rotated
 * @param jwt     OAuth2/OIDC bearer tokens from an identity provider
 */
@ConfigurationProperties("paybus.security")
public record PaybusSecurityProperties(@DefaultValue List<ApiKey> apiKeys, @DefaultValue Jwt jwt) {

    /**
     * @param id       names the key in the audit log and in logs (never the key itself)
     * @param sha256   hex SHA-256 of the whole key ({@code printf %s pbk_… | sha256sum})
     * @param scopes   what the key may do (see {@link Scopes})
     * @param notAfter optional: the key is refused from this instant on (a rotation's end)
     */
    public record ApiKey(String id, String sha256, @DefaultValue List<String> scopes, Instant notAfter) {
    }

    /**
     * @param issuerUri   the issuer; its discovery document names the keys (lazily fetched)
     * @param jwkSetUri   the JWK set, when there is no discovery document (or to skip it)
     * @param audience    optional: tokens must name it in {@code aud}
     * @param scopesClaim the claim that lists scopes ({@code scope} or {@code scp}, space-separated or a list)
     * @param rolesClaim  optional: a claim of role names, mapped to scopes by {@code roleScopes}
     * @param roleScopes  role name to the scopes it grants
     */
    public record Jwt(String issuerUri, String jwkSetUri, String audience, @DefaultValue("scope") String scopesClaim,
                      String rolesClaim, @DefaultValue Map<String, List<String>> roleScopes) {

        public boolean configured() {
            return notBlank(issuerUri) || notBlank(jwkSetUri);
        }

        private static boolean notBlank(String value) {
            return value != null && !value.isBlank();
        }
    }
}
