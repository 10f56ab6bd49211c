package io.paybus.platform.web;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Bounds on request bodies, under {@code paybus.http}.
 *
 * @param maxBodySize  largest body accepted (413 above it)
 * @param bodyDeadline longest a whole body may take to arrive (408 after it)
 * @param bodyPaths    servlet URL patterns the bounds apply to
 */
@ConfigurationProperties("paybus.http")
public record HttpLimitsProperties(@DefaultValue("64KB") DataSize maxBodySize,
                                   @DefaultValue("10s") Duration bodyDeadline,
                                   @DefaultValue("/*") List<String> bodyPaths) {
}
