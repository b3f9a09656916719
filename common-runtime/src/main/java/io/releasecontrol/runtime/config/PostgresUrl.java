package io.releasecontrol.runtime.config;

import java.net.URLDecoder;
import java.net.URLEncoder;
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
        int schemeEnd = text.indexOf("://");
        String scheme = schemeEnd < 0 ? "" : text.substring(0, schemeEnd);
        if (!scheme.equals("postgresql") && !scheme.equals("postgres")) {
            throw new IllegalArgumentException("RC_POSTGRES_URL must look like "
                    + "postgresql://user[:password]@host[:port]/database, got " + redact(text));
        }
        // parsed by hand, as libpq does: java.net.URI refuses host names such as rc_db
        String rest = text.substring(schemeEnd + 3);
        int at = rest.lastIndexOf('@');
        String userInfo = at < 0 ? null : rest.substring(0, at);
        String hostPart = at < 0 ? rest : rest.substring(at + 1);
        int slash = hostPart.indexOf('/');
        String hostPort = slash < 0 ? hostPart : hostPart.substring(0, slash);
        String path = slash < 0 ? "" : hostPart.substring(slash + 1);
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        if (host.isEmpty() || !host.matches("[A-Za-z0-9._\\-]+")) {
            throw new IllegalArgumentException("RC_POSTGRES_URL has no valid host: " + redact(text));
        }
        int port = 5432;
        if (colon >= 0) {
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("RC_POSTGRES_URL has an invalid port: " + redact(text));
            }
        }
        String user = "postgres";
        String password = null;
        if (userInfo != null) {
            String[] parts = userInfo.split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        String database = path.isEmpty() ? "releasecontrol" : decode(path);
        return new PostgresUrl(host, port, database, user, password);
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
        String auth = password == null ? encode(user) : encode(user) + ":" + encode(password);
        return "postgresql://" + auth + "@" + host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
    }

    /** Percent-decoding only, as libpq does: a literal '+' stays a '+'. */
    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Hides everything between the user name and the last '@', so no part of a password shows. */
    private static String redact(String s) {
        return s.replaceAll("://([^:@/]*):.*@", "://$1:***@");
    }
}
