package io.releasecontrol.localstack;

import io.releasecontrol.runtime.config.PostgresUrl;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

/**
 * Makes sure the database named by a libpq URI exists on its server, creating it if missing.
 * Connects to the server's {@code postgres} maintenance database to do so, retrying for a while
 * because bin/rc may have just started the server.
 *
 * <pre>EnsureDatabase postgresql://user[:password]@host[:port]/database [timeout-seconds]</pre>
 */
public final class EnsureDatabase {

    private EnsureDatabase() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: EnsureDatabase postgresql://user[:password]@host[:port]/database [timeout-seconds]");
            System.exit(64);
        }
        PostgresUrl target;
        try {
            target = PostgresUrl.parse(args[0]);
        } catch (IllegalArgumentException e) {
            System.err.println("RC_POSTGRES_URL: " + e.getMessage());
            System.exit(64);
            return;
        }
        Duration timeout = Duration.ofSeconds(args.length > 1 ? Integer.parseInt(args[1]) : 30);
        try (Connection c = connect(target, timeout)) {
            if (exists(c, target.database())) {
                System.out.println("database " + target.database() + " exists on " + target.host() + ":" + target.port());
                return;
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + quoteIdentifier(target.database()));
            }
            System.out.println("database " + target.database() + " created on " + target.host() + ":" + target.port());
        }
    }

    private static Connection connect(PostgresUrl target, Duration timeout) throws InterruptedException {
        Properties props = new Properties();
        props.setProperty("user", target.user());
        if (target.password() != null) {
            props.setProperty("password", target.password());
        }
        props.setProperty("connectTimeout", "5");
        Instant deadline = Instant.now().plus(timeout);
        SQLException last;
        do {
            try {
                return DriverManager.getConnection(target.withDatabase("postgres").jdbcUrl(), props);
            } catch (SQLException e) {
                last = e;
                // wrong password or unknown role will not fix itself by waiting
                if ("28P01".equals(e.getSQLState()) || "28000".equals(e.getSQLState())) {
                    break;
                }
                Thread.sleep(1000);
            }
        } while (Instant.now().isBefore(deadline));
        System.err.println("cannot connect to PostgreSQL at " + target + ": " + last.getMessage());
        System.err.println("set RC_POSTGRES_URL=postgresql://user:password@host:port/database to a server you can reach");
        System.exit(2);
        throw new IllegalStateException("unreachable");
    }

    private static boolean exists(Connection c, String database) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String quoteIdentifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
