package io.paybus.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/** What the service's own {@code application.yml} sets, bound as at startup (the tests' overrides left out). */
class ShippedConfigurationTest {

    /**
     * A backfill reads up to Stripe's 30-day events window; a delivered event whose ledger row is
     * gone by then would be published a second time. The yml once set 7 days over the 31-day default.
     */
    @Test
    void theLedgerRemembersDeliveriesLongerThanAReconciliationLooksBack() throws IOException {
        IngestProperties shipped = shipped();

        assertThat(shipped.dedup().retention()).isGreaterThan(Duration.ofDays(30));
    }

    /**
     * Every 503 closes its connection (Tomcat's rule), so a flood is a storm of reconnects; with
     * Tomcat's default backlog of 100 the kernel dropped their SYNs and clients waited a second to
     * retry (bench, #15). The backlog must hold a flood's reconnects, and the in-flight slots must
     * leave a request thread free to refuse.
     */
    @Test
    void theListenBacklogHoldsAFloodOfReconnectsAndAThreadIsAlwaysFreeToRefuse() throws IOException {
        Binder binder = binder();
        IngestProperties shipped = binder.bindOrCreate("paybus.ingest", IngestProperties.class);

        assertThat(binder.bind("server.tomcat.accept-count", Integer.class).orElse(100)).isGreaterThanOrEqualTo(1024);
        int threads = binder.bind("server.tomcat.threads.max", Integer.class).orElse(200);
        assertThat(shipped.maxInFlight()).isLessThan(threads);
    }

    private static IngestProperties shipped() throws IOException {
        return binder().bindOrCreate("paybus.ingest", IngestProperties.class);
    }

    private static Binder binder() throws IOException {
        List<PropertySource<?>> yml = new YamlPropertySourceLoader()
                .load("application.yml", new ClassPathResource("application.yml"));
        return new Binder(ConfigurationPropertySources.from(yml));
    }
}
