package io.paybus.console;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the services are ({@code paybus.console.*-url}) and how long a call to one may take.
 *
 * @param callTimeout a page waits at most this long for a service; then it says the service did not answer
 */
@ConfigurationProperties("paybus.console")
public record ConsoleProperties(@DefaultValue("http://127.0.0.1:18081") URI ingestUrl,
                                @DefaultValue("http://127.0.0.1:18082") URI orderUrl,
                                @DefaultValue("http://127.0.0.1:18083") URI billingUrl,
                                @DefaultValue("http://127.0.0.1:18084") URI notificationUrl,
                                @DefaultValue("10s") Duration callTimeout) {
}
