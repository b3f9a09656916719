package io.releasecontrol.runtime.testsupport;

import io.releasecontrol.runtime.config.PostgresUrl;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fresh PostgreSQL database per test JVM (per module run) on the real server: the one named by
 * {@code RC_POSTGRES_URL}, else 127.0.0.1:5432 as {@code postgres}. Dropped when the JVM exits.
 * {@code .ci/run} and {@code bin/rc} make sure a server is running; if none answers, the error says
 * how to provide one.
 */
public final class SharedPostgres {

    private static final Logger log = LoggerFactory.getLogger(SharedPostgres.class);
    private static PostgresUrl database;

    private SharedPostgres() {
    }

    public static synchronized PostgresUrl database() {
        if (database == null) {
            PostgresUrl server = PostgresUrl.parse(System.getenv().getOrDefault("RC_POSTGRES_URL", PostgresUrl.DEFAULT));
            String module = Path.of("").toAbsolutePath().getFileName().toString().replaceAll("[^a-z0-9]", "_");
            String name = "rc_test_" + module + "_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("MMddHHmmss"))
                    + "_" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
            execute(server, "CREATE DATABASE " + name);
            database = server.withDatabase(name);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(server, name), "shared-postgres-drop"));
            log.info("test database {} created on {}:{}", name, server.host(), server.port());
        }
        return database;
    }

    private static void drop(PostgresUrl server, String name) {
        try {
            execute(server, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (RuntimeException e) {
            log.warn("could not drop test database {}: {}", name, e.getMessage());
        }
    }

    private static void execute(PostgresUrl server, String sql) {
        Properties props = new Properties();
        props.setProperty("user", server.user());
        if (server.password() != null) {
            props.setProperty("password", server.password());
        }
        try (Connection c = DriverManager.getConnection(server.withDatabase("postgres").jdbcUrl(), props)) {
            c.createStatement().execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + server.host() + ":" + server.port()
                    + " is needed for integration tests (" + e.getMessage() + "). Start the local server "
                    + "(bash .ci/run does: pg_ctlcluster <version> main start) or set RC_POSTGRES_URL="
                    + "postgresql://user:password@host:port/postgres", e);
        }
    }
}
