package io.paybus.platform.audit;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The platform's own tables ({@code db/platform}), migrated with a history table of their own so
 * that their versions never interleave with a service's ({@code db/migration}).
 */
public final class PlatformSchema {

    public PlatformSchema(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/platform")
                .table("paybus_platform_schema_history")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }
}
