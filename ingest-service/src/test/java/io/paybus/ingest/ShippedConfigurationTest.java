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

    private static IngestProperties shipped() throws IOException {
        List<PropertySource<?>> yml = new YamlPropertySourceLoader()
                .load("application.yml", new ClassPathResource("application.yml"));
        return new Binder(ConfigurationPropertySources.from(yml)).bindOrCreate("paybus.ingest", IngestProperties.class);
    }
}
