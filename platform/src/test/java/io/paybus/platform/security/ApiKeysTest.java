package io.paybus.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void aConfiguredKeyAuthenticatesByItsHashWithItsScopes() {
        String key = ApiKeys.generate();
        ApiKeys keys = new ApiKeys(List.of(new PaybusSecurityProperties.ApiKey("ops", ApiKeys.sha256(key),
                List.of(Scopes.OPERATOR), null)), clock);

        assertThat(key).startsWith("pbk_").hasSize(47);
        assertThat(keys.authenticate(key)).hasValue(new ApiKeys.Key("ops", List.of(Scopes.OPERATOR)));
        assertThat(keys.authenticate(ApiKeys.generate())).isEmpty();
        assertThat(keys.authenticate(key.substring(4))).as("without its prefix").isEmpty();
        assertThat(keys.authenticate(null)).isEmpty();
    }

    @Test
    void aKeyPastItsNotAfterIsRefusedWhileItsSuccessorWorks() {
        String old = ApiKeys.generate();
        String successor = ApiKeys.generate();
        ApiKeys keys = new ApiKeys(List.of(
                new PaybusSecurityProperties.ApiKey("old", ApiKeys.sha256(old), List.of(Scopes.ORDERS_READ), NOW),
                new PaybusSecurityProperties.ApiKey("new", ApiKeys.sha256(successor), List.of(Scopes.ORDERS_READ),
                        null)), clock);

        assertThat(keys.authenticate(old)).isEmpty();
        assertThat(keys.authenticate(successor)).isPresent();
    }

    @Test
    void aMalformedConfigurationRefusesToStartSayingWhatIsWrong() {
        assertThatThrownBy(() -> new ApiKeys(List.of(new PaybusSecurityProperties.ApiKey("ops", "pbk_the_key_itself",
                List.of(Scopes.OPERATOR), null)), clock)).isInstanceOf(InsecureConfigurationException.class)
                .hasMessageContaining("sha256").hasMessageContaining("never the key itself");
        assertThatThrownBy(() -> new ApiKeys(List.of(new PaybusSecurityProperties.ApiKey("ops",
                ApiKeys.sha256("pbk_x"), List.of("everything"), null)), clock))
                .isInstanceOf(InsecureConfigurationException.class).hasMessageContaining("unknown scope 'everything'");
        assertThatThrownBy(() -> new ApiKeys(List.of(new PaybusSecurityProperties.ApiKey("", ApiKeys.sha256("pbk_x"),
                List.of(), null)), clock)).isInstanceOf(InsecureConfigurationException.class)
                .hasMessageContaining(".id");
    }
}
