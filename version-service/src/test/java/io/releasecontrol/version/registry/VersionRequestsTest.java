package io.releasecontrol.version.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.runtime.problem.InvalidFields;
import io.releasecontrol.runtime.testsupport.ServiceValidator;
import io.releasecontrol.version.registry.VersionRequests.Change;
import io.releasecontrol.version.registry.VersionRequests.CreateVersion;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.json.JsonMapper;

/** A version body as sent -> the errors of its 400, in order (what VersionValidation used to answer). */
class VersionRequestsTest {

    // single quotes keep the table readable
    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();

    static List<String> errors(String json, Class<?> type) {
        return InvalidFields.of(ServiceValidator.get().validate(JSON.readValue(json, type))).stream()
                .map(e -> e.field() + " " + e.message()).toList();
    }

    static String x(int n) {
        return "x".repeat(n);
    }

    static Stream<Arguments> versions() {
        return Stream.of(
                // the smallest valid body, and a full one
                Arguments.of("{'version': '1.0.0'}", List.of()),
                Arguments.of("{'version': '2.4.0+build.9', 'name': 'Spring sale', 'releaseDate': '2026-03-01',"
                        + " 'commitTime': '2026-03-01T10:15:30Z', 'changes': [{'type': 'feature', 'title': 't', 'priority': 'high',"
                        + " 'impact': 'major'}], 'migrations': [{'id': 'V1', 'store': 'postgresql', 'reversible': false}],"
                        + " 'dependencies': [{'name': 'spring-boot'}], 'apiChanges': [{'endpoint': 'GET /x', 'kind': 'removed'}],"
                        + " 'compatibility': {'postgresql': '>=15 <18'}}", List.of()),
                // required, and blank is missing
                Arguments.of("{}", List.of("version is required")),
                Arguments.of("{'version': '   '}", List.of("version is required")),
                // the parser says what is wrong; a too long one is only too long
                Arguments.of("{'version': 'v1.2.0'}", List.of("version 'v1.2.0' is not a semantic version"
                        + " (MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], no leading zeros, no 'v' prefix): drop the leading 'v'")),
                Arguments.of("{'version': '" + "1".repeat(129) + "'}", List.of("version must be at most 128 characters")),
                // sent text is shown as text, never read as a message template
                Arguments.of("{'version': '{max}', 'releaseDate': '${1+1}'}", List.of(
                        "version '{max}' is not a semantic version (MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], no leading zeros, no 'v' prefix)",
                        "releaseDate must be an ISO-8601 date such as 2026-03-01 (got '${1+1}')")),
                // top-level fields in the order they were always listed: commitTime right after releaseDate
                Arguments.of("{'version': '1.0.0', 'gitTag': '" + x(201) + "', 'commitTime': 'now', 'releaseDate': '2026-13-01',"
                        + " 'name': '" + x(201) + "', 'commit': '" + x(101) + "', 'image': '" + x(501) + "'}", List.of(
                        "name must be at most 200 characters",
                        "releaseDate must be an ISO-8601 date such as 2026-03-01 (got '2026-13-01')",
                        "commitTime must be an ISO-8601 UTC instant such as 2026-03-01T10:15:30Z (got 'now')",
                        "gitTag must be at most 200 characters", "commit must be at most 100 characters",
                        "image must be at most 500 characters")),
                // changes: a null entry, required fields, words of a fixed set, title before module
                Arguments.of("{'version': '1.0.0', 'changes': [null, {}, {'type': 'bugfix', 'title': 'x', 'impact': 'huge'},"
                        + " {'type': 'fix', 'module': '" + x(101) + "', 'title': '" + x(301) + "', 'priority': 'urgent',"
                        + " 'testStatus': '" + x(51) + "'}]}", List.of(
                        "changes[0] must not be null",
                        "changes[1].type is required (one of feature, fix, improvement, security)", "changes[1].title is required",
                        "changes[2].type must be one of feature, fix, improvement, security (got 'bugfix')",
                        "changes[2].impact must be one of breaking, major, minor (got 'huge')",
                        "changes[3].title must be at most 300 characters", "changes[3].module must be at most 100 characters",
                        "changes[3].priority must be one of critical, high, low, medium (got 'urgent')",
                        "changes[3].testStatus must be at most 50 characters")),
                // migrations: one message per field (a blank store is not also a bad name), reversible before description
                Arguments.of("{'version': '1.0.0', 'migrations': [{}, {'id': 'V1', 'store': ' ', 'reversible': true},"
                        + " {'id': 'V1', 'store': 'Postgres SQL', 'description': '" + x(1001) + "', 'downScript': '" + x(501) + "'},"
                        + " {'id': 'V2', 'store': '" + "p".repeat(64) + "', 'reversible': true}]}", List.of(
                        "migrations[0].id is required", "migrations[0].store is required",
                        "migrations[0].reversible is required (true or false)",
                        "migrations[1].store is required",
                        "migrations[2].id repeats migration id 'V1'",
                        "migrations[2].store must be a store name such as postgresql, mariadb or mongodb",
                        "migrations[2].reversible is required (true or false)",
                        "migrations[2].description must be at most 1000 characters",
                        "migrations[2].downScript must be at most 500 characters",
                        "migrations[3].store must be at most 63 characters")),
                // a too long id that repeats is only too long
                Arguments.of("{'version': '1.0.0', 'migrations': [{'id': '" + x(101) + "', 'store': 'pg', 'reversible': true},"
                        + " {'id': '" + x(101) + "', 'store': 'pg', 'reversible': true}]}", List.of(
                        "migrations[0].id must be at most 100 characters", "migrations[1].id must be at most 100 characters")),
                Arguments.of("{'version': '1.0.0', 'dependencies': [null, {}, {'name': 'a', 'fromVersion': '" + x(101) + "',"
                        + " 'toVersion': '" + x(101) + "', 'reason': '" + x(501) + "', 'impact': '" + x(51) + "'}, {'name': 'a'}]}",
                        List.of("dependencies[0] must not be null", "dependencies[1].name is required",
                                "dependencies[2].fromVersion must be at most 100 characters",
                                "dependencies[2].toVersion must be at most 100 characters",
                                "dependencies[2].reason must be at most 500 characters",
                                "dependencies[2].impact must be at most 50 characters",
                                "dependencies[3].name repeats dependency 'a'")),
                // an API change repeats when endpoint and kind both do
                Arguments.of("{'version': '1.0.0', 'apiChanges': [{}, {'endpoint': 'GET /x', 'kind': 'added'},"
                        + " {'endpoint': 'GET /x', 'kind': 'removed'}, {'endpoint': 'GET /x', 'kind': 'added', 'note': 'n'}]}",
                        List.of("apiChanges[0].endpoint is required",
                                "apiChanges[0].kind is required (one of added, changed, deprecated, removed)",
                                "apiChanges[3].endpoint repeats added GET /x")),
                // compatibility: entries as sent, a bad name before its missing range
                Arguments.of("{'version': '1.0.0', 'compatibility': {'zz': '', 'Bad Name': '', 'aa': '" + x(101) + "'}}", List.of(
                        "compatibility.zz is required",
                        "compatibility.Bad Name dependency names are lower-case words such as postgresql",
                        "compatibility.Bad Name is required", "compatibility.aa must be at most 100 characters")),
                // lists and the map have a size limit
                Arguments.of("{'version': '1.0.0', 'changes': [" + String.join(",", java.util.Collections.nCopies(501,
                        "{'type': 'fix', 'title': 't'}")) + "]}", List.of("changes at most 500 entries")));
    }

    @ParameterizedTest
    @MethodSource("versions")
    void aVersionBodyAnswersEveryErrorInOrder(String body, List<String> expected) {
        assertThat(errors(body, CreateVersion.class)).containsExactlyElementsOf(expected);
    }

    static Stream<Arguments> changes() {
        return Stream.of(
                Arguments.of("{'type': 'feature', 'title': 't'}", List.of()),
                // the body of POST .../changes: fields without a list prefix
                Arguments.of("{}", List.of("type is required (one of feature, fix, improvement, security)", "title is required")),
                Arguments.of("{'type': 'feature', 'title': 't', 'priority': 'urgent'}",
                        List.of("priority must be one of critical, high, low, medium (got 'urgent')")));
    }

    @ParameterizedTest
    @MethodSource("changes")
    void aChangeBodyAnswersItsOwnFieldNames(String body, List<String> expected) {
        assertThat(errors(body, Change.class)).containsExactlyElementsOf(expected);
    }
}
