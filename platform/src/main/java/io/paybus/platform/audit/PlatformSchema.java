package io.paybus.platform.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The platform's own tables ({@code db/platform}), migrated with a history table of their own so
 * that their versions never interleave with a service's ({@code db/migration}).
 */
public final class PlatformSchema {

    /**
     * The reporting role is one per PostgreSQL server, and at a first start every service migrates
     * its database at the same moment: made here first, where two services making it at once is no
     * error (the loser finds it made), so that V5's "create it if missing" finds it.
     */
    private static final String READONLY_ROLE = """
            do $$
            begin
                if not exists (select 1 from pg_roles where rolname = 'paybus_readonly') then
                    create role paybus_readonly nologin;
                end if;
            exception
                when duplicate_object or unique_violation then null;
                when insufficient_privilege then null;
            end
            $$""";

    public PlatformSchema(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true);
            statement.execute(READONLY_ROLE);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the reporting role: " + e.getMessage(), e);
        }
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
