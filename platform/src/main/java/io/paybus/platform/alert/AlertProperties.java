package io.paybus.platform.alert;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Under {@code paybus.alerts}.
 *
 * @param relayInterval   how often raised alerts are published to {@code operations.alerts}
 * @param deadLetterCheck how often each consumer's dead letters are looked at
 * @param deadLetterAge   how long a dead letter may wait before {@code dead_letters.aged} fires
 */
@ConfigurationProperties("paybus.alerts")
public record AlertProperties(@DefaultValue("2s") Duration relayInterval,
                              @DefaultValue("30s") Duration deadLetterCheck,
                              @DefaultValue("1h") Duration deadLetterAge) {
}
