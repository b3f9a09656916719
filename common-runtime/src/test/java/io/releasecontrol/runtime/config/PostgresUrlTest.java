package io.releasecontrol.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PostgresUrlTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "null", textBlock = """
            # url,                                          host,      port, database,       user,     password
            postgresql://rc:s3cret@db.internal:6543/deploys, db.internal, 6543, deploys,       rc,       s3cret
            postgres://rc:s3cret@db:5432/deploys,            db,          5432, deploys,       rc,       s3cret
            postgresql://rc@db/deploys,                      db,          5432, deploys,       rc,       null
            postgresql://db:6000/deploys,                    db,          6000, deploys,       postgres, null
            postgresql://rc@db,                              db,          5432, releasecontrol, rc,      null
            postgresql://rc@db/,                             db,          5432, releasecontrol, rc,      null
            postgresql://rc:p%40ss%3Aw%2Frd@db/deploys,      db,          5432, deploys,       rc,       p@ss:w/rd
            '  postgresql://rc@127.0.0.1:5432/rc  ',         127.0.0.1,   5432, rc,            rc,       null
            """)
    void parsesLibpqUris(String url, String host, int port, String database, String user, String password) {
        assertThat(PostgresUrl.parse(url)).isEqualTo(new PostgresUrl(host, port, database, user, password));
    }

    @Test
    void defaultPointsAtLocalReleasecontrolDatabaseAsPostgres() {
        assertThat(PostgresUrl.parse(PostgresUrl.DEFAULT))
                .isEqualTo(new PostgresUrl("127.0.0.1", 5432, "releasecontrol", "postgres", null));
    }

    @Test
    @Disabled("bug: decode() uses URLDecoder (form decoding), which turns a literal '+' into a space; "
            + "libpq only percent-decodes, so password 'a+b' becomes 'a b'")
    void plusInPasswordStaysPlus() {
        // base64-ish generated passwords often contain '+'
        assertThat(PostgresUrl.parse("postgresql://rc:a+b@db/rc").password()).isEqualTo("a+b");
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", textBlock = """
            version_service, r2dbc:postgresql://db:6543/rc?schema=version_service
            null,            r2dbc:postgresql://db:6543/rc
            """)
    void r2dbcUrlAddsSchemaOnlyWhenGiven(String schema, String expected) {
        assertThat(PostgresUrl.parse("postgresql://u:p@db:6543/rc").r2dbcUrl(schema)).isEqualTo(expected);
    }

    @Test
    void jdbcUrlCarriesNoCredentials() {
        assertThat(PostgresUrl.parse("postgresql://u:p@db:6543/rc").jdbcUrl()).isEqualTo("jdbc:postgresql://db:6543/rc");
    }

    @Test
    void withDatabaseKeepsServerAndCredentials() {
        var other = PostgresUrl.parse("postgresql://u:p@db:6543/rc").withDatabase("rc_test_42");

        assertThat(other).isEqualTo(new PostgresUrl("db", 6543, "rc_test_42", "u", "p"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql://u:p@db:6543/rc", "postgresql://u@db:5432/rc", "postgres://db/rc"})
    void toLibpqRoundTrips(String url) {
        var parsed = PostgresUrl.parse(url);

        assertThat(PostgresUrl.parse(parsed.toLibpq())).isEqualTo(parsed);
    }

    @Test
    @Disabled("bug: toLibpq() does not percent-encode user and password, so a password with '@', ':' or '/' "
            + "produces a URI that parse() rejects ('has no host')")
    void toLibpqRoundTripsSpecialCharactersInPassword() {
        var parsed = PostgresUrl.parse("postgresql://rc:p%40ss%3Aw%2Frd@db/rc");

        assertThat(PostgresUrl.parse(parsed.toLibpq())).isEqualTo(parsed);
    }

    @Test
    void toStringHidesPassword() {
        var url = PostgresUrl.parse("postgresql://rc:s3cret@db:6543/rc");

        assertThat(url.toString()).isEqualTo("postgresql://rc@db:6543/rc").doesNotContain("s3cret");
    }

    @Test
    void rejectsOtherSchemesAndRedactsPassword() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PostgresUrl.parse("mysql://rc:s3cret@db:3306/rc"))
                .withMessage("RC_POSTGRES_URL must look like postgresql://user[:password]@host[:port]/database, "
                        + "got mysql://rc:***@db:3306/rc");
    }

    @ParameterizedTest
    @CsvSource(textBlock = """
            postgresql:///rc,              postgresql:///rc
            postgresql://rc:s3cret@/rc,    postgresql://rc:***@/rc
            postgresql://rc:s3cret@db:6x/rc, postgresql://rc:***@db:6x/rc
            """)
    void rejectsUrlWithoutHostAndRedactsPassword(String url, String shown) {
        // a non-numeric port also leaves java.net.URI without a host
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PostgresUrl.parse(url))
                .withMessage("RC_POSTGRES_URL has no host: " + shown);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql://rc:s3cret@db host/rc", "postgresql://rc:pa@s3cret@db/rc"})
    @Disabled("bug: a URL java.net.URI cannot parse leaks the password: URI.create's own "
            + "IllegalArgumentException (message = whole URL) escapes unredacted; and an unencoded '@' "
            + "in the password defeats redact(), which shows everything after the first '@'")
    void malformedUrlErrorNeverShowsPassword(String url) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PostgresUrl.parse(url))
                .withMessageStartingWith("RC_POSTGRES_URL")
                .withMessageNotContaining("s3cret");
    }
}
