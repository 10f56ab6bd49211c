package io.paybus.testsupport;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paybus.platform.security.InsecureConfigurationException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Starts a service as production would (no {@code local} profile) and asserts that it refuses to. */
public final class InsecureStart {

    private InsecureStart() {
    }

    /**
     * @param application the service's {@code @SpringBootApplication}
     * @param message     what the refusal must say
     * @param settings    {@code --name=value} arguments: infrastructure and whatever is under test
     */
    public static void assertRefused(Class<?> application, String message, String... settings) {
        List<String> args = new ArrayList<>(List.of("--spring.profiles.active=production", "--server.port=0",
                "--management.server.port=0"));
        args.addAll(List.of(settings));
        assertThatThrownBy(() -> new SpringApplicationBuilder(application).run(args.toArray(String[]::new)).close())
                .hasRootCauseInstanceOf(InsecureConfigurationException.class)
                .rootCause().hasMessageContaining(message);
    }
}
