package io.releasecontrol.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

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
            postgresql:///rc,                 has no valid host,   postgresql:///rc
            postgresql://rc:s3cret@/rc,       has no valid host,   postgresql://rc:***@/rc
            postgresql://rc:s3cret@db host/rc, has no valid host,  postgresql://rc:***@db host/rc
            postgresql://rc:s3cret@db:6x/rc,  has an invalid port, postgresql://rc:***@db:6x/rc
            """)
    void rejectsUrlWithoutValidHostOrPortAndRedactsPassword(String url, String problem, String shown) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PostgresUrl.parse(url))
                .withMessage("RC_POSTGRES_URL " + problem + ": " + shown);
    }

    @Test
    void acceptsHostNamesJavaNetUriRefuses() {
        // compose service names such as rc_db are valid for libpq
        assertThat(PostgresUrl.parse("postgresql://rc@rc_db:5433/rc").host()).isEqualTo("rc_db");
    }

    @Test
    void takesTheLastAtSignAsTheEndOfTheCredentials() {
        // an unencoded '@' in a password still leaves the host intact
        assertThat(PostgresUrl.parse("postgresql://rc:pa@s3cret@db/rc").password()).isEqualTo("pa@s3cret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql://rc:s3cret@db host/rc", "postgresql://rc:pa@s3cret@db:/rc",
            "postgresql://rc:s3cret@:5432/rc"})
    void malformedUrlErrorNeverShowsPassword(String url) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PostgresUrl.parse(url))
                .withMessageStartingWith("RC_POSTGRES_URL")
                .withMessageNotContaining("s3cret");
    }
}
