package io.releasecontrol.runtime.config;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A PostgreSQL server and database given as a libpq URI,
 * {@code postgresql://user[:password]@host[:port]/database} — the form {@code RC_POSTGRES_URL}
 * takes — turned into the R2DBC and JDBC URLs the services need.
 */
public record PostgresUrl(String host, int port, String database, String user, String password) {

    public static final String DEFAULT = "postgresql://postgres@127.0.0.1:5432/releasecontrol";

    public static PostgresUrl parse(String url) {
        String text = url.trim();
        if (!text.startsWith("postgresql://") && !text.startsWith("postgres://")) {
            throw new IllegalArgumentException("RC_POSTGRES_URL must look like "
                    + "postgresql://user[:password]@host[:port]/database, got " + redact(text));
        }
        URI uri = URI.create(text.replaceFirst("^postgres(ql)?://", "http://"));
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("RC_POSTGRES_URL has no host: " + redact(text));
        }
        String user = "postgres";
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        String database = path.isEmpty() ? "releasecontrol" : decode(path);
        return new PostgresUrl(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), database, user, password);
    }

    public String r2dbcUrl(String schema) {
        return "r2dbc:postgresql://" + host + ":" + port + "/" + database + (schema == null ? "" : "?schema=" + schema);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** The same server, another database (tests create one per module run). */
    public PostgresUrl withDatabase(String otherDatabase) {
        return new PostgresUrl(host, port, otherDatabase, user, password);
    }

    public String toLibpq() {
        String auth = password == null ? user : user + ":" + password;
        return "postgresql://" + auth + "@" + host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String redact(String s) {
        return s.replaceAll("://([^:@/]+):[^@/]*@", "://$1:***@");
    }
}
