package io.releasecontrol.version.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.serde.EventCodec;
import io.releasecontrol.runtime.identity.IdentityCodec;
import io.releasecontrol.runtime.testsupport.RcIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient.BodyContentSpec;

/** Every bad-input case answers its precise problem+json, and nothing is written. */
@RcIntegrationTest
class ProblemCasesIT {

    private static final String PROBLEMS = "https://releasecontrol.io/problems/";

    @Autowired
    WebTestClient web;
    @Autowired
    KafkaTemplate<String, byte[]> outboxKafkaTemplate;
    @Autowired
    DatabaseClient db;

    String app;

    @BeforeEach
    void setUp() {
        web = web.mutate().responseTimeout(Duration.ofSeconds(30)).build();
        app = Fixtures.app("problems");
        call(HttpMethod.POST, "/api/v1/applications", Callers.deployer(), Fixtures.application(app))
                .expectStatus().isCreated();
        call(HttpMethod.POST, versions(), Callers.deployer(), Fixtures.version("1.0.0")).expectStatus().isCreated();
        call(HttpMethod.POST, versions(), Callers.deployer(), Fixtures.version("1.1.0+build.7")).expectStatus().isCreated();
    }

    @Test
    void invalidSemverIsAValidationProblemNamingTheField() {
        problem(HttpMethod.POST, versions(), Callers.deployer(), Map.of("version", "1.02.0"), 400, "validation")
                .jsonPath("$.errors[0].field").isEqualTo("version")
                .jsonPath("$.errors[0].message").value(m -> assertThat((String) m).contains("leading zeros"));
        problem(HttpMethod.POST, versions(), Callers.deployer(), Map.of("version", "v1.2.0"), 400, "validation")
                .jsonPath("$.errors[0].message").value(m -> assertThat((String) m).contains("drop the leading 'v'"));
        assertNothingWritten();
    }

    @Test
    void unknownApplicationIsNotFound() {
        problem(HttpMethod.POST, "/api/v1/applications/no-such-app/versions", Callers.deployer(), Fixtures.version("1.0.0"),
                404, "not-found").jsonPath("$.detail").isEqualTo("application 'no-such-app' is not registered");
        problem(HttpMethod.GET, "/api/v1/applications/no-such-app/environments/production", Callers.viewer(), null, 404,
                "not-found");
        problem(HttpMethod.GET, "/api/v1/applications/" + app + "/environments/moon", Callers.viewer(), null, 404,
                "not-found").jsonPath("$.detail").isEqualTo("'moon' is not an environment of " + app
                + " (environments: development, staging, production)");
    }

    @Test
    void duplicateVersionIsAConflictAlsoWhenOnlyBuildMetadataDiffers() {
        problem(HttpMethod.POST, versions(), Callers.deployer(), Fixtures.version("1.0.0"), 409, "conflict")
                .jsonPath("$.detail").isEqualTo("version 1.0.0 of " + app + " exists already")
                .jsonPath("$.existingVersion").isEqualTo("1.0.0");
        problem(HttpMethod.POST, versions(), Callers.deployer(), Map.of("version", "1.1.0+build.8"), 409, "conflict")
                .jsonPath("$.existingVersion").isEqualTo("1.1.0+build.7");
        problem(HttpMethod.POST, "/api/v1/applications", Callers.deployer(), Fixtures.application(app), 409, "conflict");
        assertNothingWritten();
    }

    @Test
    void setCurrentToAnUnknownVersionIsNotFound() {
        problem(HttpMethod.PUT, current("production"), Callers.admin(), Map.of("version", "9.9.9", "reason", "try"), 404,
                "not-found").jsonPath("$.detail").isEqualTo("version 9.9.9 of " + app + " is not registered");
        assertNothingWritten();
    }

    @Test
    void setCurrentToAVersionNeverDeployedThereIsUnprocessableUnlessForced() throws Exception {
        // 1.0.0 ran in staging, never in production
        var staging = DeploymentId.random();
        var event = Fixtures.succeeded(app, "staging", staging, "1.0.0", null, 1, Instant.now(), null);
        outboxKafkaTemplate.send(new ProducerRecord<>(Topics.DEPLOYMENTS, event.key(),
                EventCodec.toJson(event).getBytes(StandardCharsets.UTF_8))).get();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                call(HttpMethod.GET, "/api/v1/applications/" + app + "/environments/staging", Callers.viewer(), null)
                        .expectBody().jsonPath("$.currentVersion").isEqualTo("1.0.0"));

        problem(HttpMethod.PUT, current("production"), Callers.admin(), Map.of("version", "1.0.0", "reason", "pin"), 422,
                "unprocessable").jsonPath("$.detail").isEqualTo("version 1.0.0 was never deployed to " + app
                + "/production; set \"force\": true to declare it current anyway");
        call(HttpMethod.GET, "/api/v1/applications/" + app + "/upgrades?environment=production", Callers.viewer(), null)
                .expectBody().jsonPath("$.total").isEqualTo(0);

        call(HttpMethod.PUT, current("staging"), Callers.admin(), Map.of("version", "1.0.0", "reason", "already there"))
                .expectStatus().isOk();
        call(HttpMethod.PUT, current("production"), Callers.admin(), Map.of("version", "1.0.0", "reason", "pin",
                "force", true)).expectStatus().isOk()
                .expectBody().jsonPath("$.currentVersion").isEqualTo("1.0.0")
                .jsonPath("$.history[0].kind").isEqualTo("manual")
                .jsonPath("$.history[0].reason").isEqualTo("pin (forced)")
                .jsonPath("$.history[0].operator").isEqualTo("ada-admin");
    }

    @Test
    void unknownEnumValuesNameTheFieldAndTheAllowedValues() {
        var body = Map.of("version", "2.0.0", "changes", List.of(Map.of("type", "bugfix", "title", "x", "impact", "huge")),
                "migrations", List.of(Map.of("id", "V1", "store", "postgresql")),
                "apiChanges", List.of(Map.of("endpoint", "GET /x", "kind", "renamed")));
        problem(HttpMethod.POST, versions(), Callers.deployer(), body, 400, "validation")
                .jsonPath("$.errors[*].field").isEqualTo(List.of("changes[0].type", "changes[0].impact",
                        "migrations[0].reversible", "apiChanges[0].kind"))
                .jsonPath("$.errors[0].message").isEqualTo("must be one of feature, fix, improvement, security (got 'bugfix')");
        problem(HttpMethod.POST, versions() + "/1.0.0/changes", Callers.deployer(),
                Map.of("type", "feature", "title", "t", "priority", "urgent"), 400, "validation")
                .jsonPath("$.errors[0].field").isEqualTo("priority");
        problem(HttpMethod.GET, "/api/v1/applications/" + app + "/upgrades?status=broken", Callers.viewer(), null, 400,
                "validation");
        assertNothingWritten();
    }

    @Test
    void oversizedBodyIsRefusedBeforeReadingIt() {
        var huge = Map.of("version", "3.0.0", "name", "x".repeat(300_000));
        problem(HttpMethod.POST, versions(), Callers.deployer(), huge, 413, "payload-too-large")
                .jsonPath("$.detail").value(d -> assertThat((String) d).contains("over the limit of 262144 bytes"));
        // without a Content-Length (chunked) the codecs stop it while decoding
        String json = "{\"version\": \"3.0.0\", \"name\": \"" + "x".repeat(300_000) + "\"}";
        web.post().uri(versions()).header(IdentityCodec.HEADER, Callers.deployer()).contentType(MediaType.APPLICATION_JSON)
                .body(reactor.core.publisher.Flux.just(json.substring(0, 1000), json.substring(1000)), String.class)
                .exchange()
                .expectStatus().isEqualTo(413)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("request body is over the limit of 262144 bytes");
        assertNothingWritten();
    }

    @Test
    void malformedJsonAndInvalidNamesAreBadRequests() {
        web.post().uri(versions()).header(IdentityCodec.HEADER, Callers.deployer()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"version\": ").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "malformed-request");
        problem(HttpMethod.POST, "/api/v1/applications", Callers.deployer(), Map.of("name", "Shop_Front"), 400, "validation")
                .jsonPath("$.errors[0].field").isEqualTo("name");
        problem(HttpMethod.PUT, current("production"), Callers.admin(), Map.of("version", "1.0"), 400, "validation")
                .jsonPath("$.errors[*].field").isEqualTo(List.of("version", "reason"));
        problem(HttpMethod.GET, "/api/v1/stats/delivery?from=yesterday", Callers.viewer(), null, 400, "validation");
        problem(HttpMethod.GET, versions() + "?size=0", Callers.viewer(), null, 400, "validation");
        assertNothingWritten();
    }

    @Test
    void nulCharactersAreValidationProblemsNamingTheField() {
        // PostgreSQL refuses U+0000 in text: each was a 500 ("invalid byte sequence for encoding UTF8: 0x00")
        problem(HttpMethod.POST, "/api/v1/applications", Callers.deployer(), Map.of("name", "x1", "description", "a\u0000b"),
                400, "validation").jsonPath("$.errors[0].field").isEqualTo("description")
                .jsonPath("$.errors[0].message").isEqualTo("must not contain the NUL character (U+0000)");
        problem(HttpMethod.POST, "/api/v1/applications", Callers.deployer(), Map.of("name", "x1", "owner", "\u0000"),
                400, "validation").jsonPath("$.errors[0].field").isEqualTo("owner");
        problem(HttpMethod.POST, versions() + "/1.0.0/changes", Callers.deployer(),
                Map.of("title", "t\u0000", "type", "feature"), 400, "validation").jsonPath("$.errors[0].field").isEqualTo("title");
        problem(HttpMethod.PUT, current("production"), Callers.admin(), Map.of("version", "1.0.0", "reason", "\u0000"), 400,
                "validation").jsonPath("$.errors[0].field").isEqualTo("reason");
        // the client sends the NUL as %00
        viewerGet("/api/v1/applications/" + app + "/upgrades?environment={e}", "\u0000", 400)
                .jsonPath("$.type").isEqualTo(PROBLEMS + "validation").jsonPath("$.errors[0].field").isEqualTo("environment");
        viewerGet("/api/v1/stats/delivery?application={a}", "\u0000", 400)
                .jsonPath("$.errors[0].field").isEqualTo("application");
        viewerGet("/api/v1/applications/{a}/versions", "a\u0000b", 400).jsonPath("$.type").isEqualTo(PROBLEMS + "validation");
        assertNothingWritten();
    }

    @Test
    void aColonInTheApplicationNameIsNotFoundNotAServerError() {
        // no registered name holds a ':' (it would not make a target key), so nothing is there to find
        for (String uri : List.of("/api/v1/applications/a:b", "/api/v1/applications/a:b/versions",
                "/api/v1/applications/a:b/environments/production", "/api/v1/applications/a:b/environments/production/rollback-target",
                "/api/v1/applications/a:b/upgrades", "/api/v1/applications/a:b/compatibility",
                "/api/v1/applications/" + app + "/environments/prod:x")) {
            web.get().uri(uri).header(IdentityCodec.HEADER, Callers.viewer()).exchange()
                    .expectStatus().value(s -> assertThat(s).as(uri).isIn(400, 404))
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        }
        web.post().uri("/api/v1/applications/a:b/versions").header(IdentityCodec.HEADER, Callers.deployer())
                .bodyValue(Fixtures.version("1.0.0")).exchange()
                .expectStatus().value(s -> assertThat(s).isIn(400, 404));
        web.patch().uri("/api/v1/applications/a:b").header(IdentityCodec.HEADER, Callers.deployer())
                .bodyValue(Map.of("description", "d")).exchange()
                .expectStatus().value(s -> assertThat(s).isIn(400, 404));
        web.post().uri("/api/v1/applications/a:b/versions/1.0.0/changes").header(IdentityCodec.HEADER, Callers.deployer())
                .bodyValue(Map.of("title", "t", "type", "feature")).exchange()
                .expectStatus().value(s -> assertThat(s).isIn(400, 404));
        web.post().uri("/api/v1/applications/a:b/versions/1.0.0/release").header(IdentityCodec.HEADER, Callers.deployer())
                .exchange()
                .expectStatus().value(s -> assertThat(s).isIn(400, 404));
        web.put().uri("/api/v1/applications/a:b/environments/production/current").header(IdentityCodec.HEADER, Callers.admin())
                .bodyValue(Map.of("version", "1.0.0", "reason", "r")).exchange()
                .expectStatus().value(s -> assertThat(s).isIn(400, 404));
    }

    @Test
    void jsonInAnotherCharsetThanUtf8IsUnsupportedMediaType() {
        web.post().uri("/api/v1/applications").header(IdentityCodec.HEADER, Callers.deployer())
                .header("Content-Type", "application/json; charset=utf-16")
                .bodyValue(("{\"name\":\"" + Fixtures.app("utf16") + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .exchange()
                .expectStatus().isEqualTo(415)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "unsupported-media-type");
    }

    @Test
    void rolesAreEnforced() {
        problem(HttpMethod.GET, versions(), null, null, 401, "unauthenticated");
        problem(HttpMethod.POST, versions(), Callers.viewer(), Fixtures.version("4.0.0"), 403, "forbidden");
        problem(HttpMethod.PUT, current("production"), Callers.deployer(), Map.of("version", "1.0.0", "reason", "r"), 403,
                "forbidden").jsonPath("$.detail").isEqualTo("'dan-deployer' has roles [deployer]; this needs 'admin'");
        assertNothingWritten();
    }

    /** The application still has exactly the two versions of the set-up and nothing in its upgrade log. */
    private void assertNothingWritten() {
        call(HttpMethod.GET, versions(), Callers.viewer(), null).expectStatus().isOk().expectBody()
                .jsonPath("$.total").isEqualTo(2);
        call(HttpMethod.GET, "/api/v1/applications/" + app + "/upgrades", Callers.viewer(), null).expectBody()
                .jsonPath("$.total").isEqualTo(0);
        Long events = db.sql("SELECT count(*) AS n FROM rc_outbox WHERE record_key LIKE :prefix")
                .bind("prefix", app + ":%").map(r -> r.get("n", Long.class)).first().block(Duration.ofSeconds(10));
        assertThat(events).as("only the two versions of the set-up were announced (outbox rows)").isEqualTo(2);
    }

    private String versions() {
        return "/api/v1/applications/" + app + "/versions";
    }

    private String current(String env) {
        return "/api/v1/applications/" + app + "/environments/" + env + "/current";
    }

    private BodyContentSpec problem(HttpMethod method, String uri, String identity, Object body, int status, String type) {
        return call(method, uri, identity, body)
                .expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo(PROBLEMS + type)
                .jsonPath("$.status").isEqualTo(status)
                .jsonPath("$.instance").isEqualTo(uri.replaceAll("\\?.*", ""));
    }

    /** a viewer's GET of a URI template with one variable, which the client percent-encodes */
    private BodyContentSpec viewerGet(String template, String variable, int status) {
        return web.get().uri(template, variable).header(IdentityCodec.HEADER, Callers.viewer()).exchange()
                .expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody();
    }

    private WebTestClient.ResponseSpec call(HttpMethod method, String uri, String identity, Object body) {
        var spec = web.method(method).uri(uri);
        if (identity != null) {
            spec = spec.header(IdentityCodec.HEADER, identity);
        }
        return body == null ? spec.exchange() : spec.bodyValue(body).exchange();
    }
}
