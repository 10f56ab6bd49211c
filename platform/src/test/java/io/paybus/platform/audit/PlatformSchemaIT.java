package io.paybus.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.paybus.infra.PostgresServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The first start of a stack: every service migrates its own database at the same moment, and
 * each creates the cluster-wide role {@code paybus_readonly} if it is missing. Found by a bench's
 * fresh stack: two creating it at once failed one service's start ("duplicate key value violates
 * unique constraint pg_authid_rolname_index").
 */
class PlatformSchemaIT {

    @Test
    void servicesMigratingTheirDatabasesAtOnceOnAFreshServerAllStart() throws Exception {
        try (PostgresServer postgres = PostgresServer.startTemporary()) {
            int services = 8;
            List<PGSimpleDataSource> databases = new ArrayList<>();
            for (int i = 0; i < services; i++) {
                PGSimpleDataSource database = new PGSimpleDataSource();
                database.setUrl(postgres.jdbcUrl("first_start_" + i));
                database.setUser(PostgresServer.USER);
                databases.add(database);
            }
            ExecutorService starts = Executors.newFixedThreadPool(services);
            CountDownLatch together = new CountDownLatch(1);
            List<Future<?>> migrated = new ArrayList<>();
            for (PGSimpleDataSource database : databases) {
                migrated.add(starts.submit(() -> {
                    together.await();
                    return new PlatformSchema(database);
                }));
            }
            together.countDown();
            List<String> failed = new ArrayList<>();
            for (Future<?> start : migrated) {
                try {
                    start.get(60, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    failed.add(String.valueOf(e.getCause()).lines().findFirst().orElse(""));
                }
            }
            starts.shutdownNow();
            assertThat(failed).as("services that could not migrate").isEmpty();
            try (var connection = databases.get(0).getConnection(); var statement = connection.createStatement();
                 var roles = statement.executeQuery("select count(*) from pg_roles where rolname = 'paybus_readonly'")) {
                roles.next();
                assertThat(roles.getInt(1)).isEqualTo(1);
            }
        }
    }
}
