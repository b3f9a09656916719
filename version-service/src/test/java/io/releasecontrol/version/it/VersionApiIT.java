package io.releasecontrol.version.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.events.Topics;
import io.releasecontrol.events.serde.EventCodec;
import io.releasecontrol.events.version.FeatureChangeAdded;
import io.releasecontrol.events.version.VersionCreated;
import io.releasecontrol.events.version.VersionReleased;
import io.releasecontrol.runtime.identity.IdentityCodec;
import io.releasecontrol.runtime.testsupport.KafkaProbe;
import io.releasecontrol.runtime.testsupport.RcIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The registry's REST API over the real database, and the events it publishes through the outbox. */
@RcIntegrationTest
class VersionApiIT {

    @Autowired
    WebTestClient web;

    @BeforeEach
    void slowFirstCalls() {
        web = web.mutate().responseTimeout(Duration.ofSeconds(30)).build();
    }

    @Test
    void registersAnApplicationWithDefaultEnvironments() {
        String app = Fixtures.app("registry");
        web.post().uri("/api/v1/applications").header(IdentityCodec.HEADER, Callers.deployer())
                .bodyValue(Fixtures.application(app)).exchange()
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.name").isEqualTo(app)
                .jsonPath("$.owner").isEqualTo("team-shop")
                .jsonPath("$.environments").isEqualTo(List.of("development", "staging", "production"))
                .jsonPath("$.createdBy").isEqualTo("dan-deployer");
        web.get().uri("/api/v1/applications/" + app).header(IdentityCodec.HEADER, Callers.viewer()).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.name").isEqualTo(app);
        web.get().uri("/api/v1/applications?size=200").header(IdentityCodec.HEADER, Callers.viewer()).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.page").isEqualTo(0).jsonPath("$.size").isEqualTo(200)
                .jsonPath("$.items[?(@.name == '" + app + "')]").exists();
    }

    @Test
    void updatesAnApplicationButKeepsEnvironmentsWhereAVersionRuns() {
        String app = createApp("update", null);
        createVersion(app, Map.of("version", "1.0.0"));
        web.put().uri("/api/v1/applications/" + app + "/environments/production/current")
                .header(IdentityCodec.HEADER, Callers.admin())
                .bodyValue(Map.of("version", "1.0.0", "reason", "imported from the wiki", "force", true)).exchange()
                .expectStatus().isOk();

        web.patch().uri("/api/v1/applications/" + app).header(IdentityCodec.HEADER, Callers.deployer())
                .bodyValue(Map.of("owner", "team-checkout", "environments", List.of("staging", "production", "qa")))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.owner").isEqualTo("team-checkout")
                .jsonPath("$.description").isEqualTo("the web shop")
                .jsonPath("$.environments").isEqualTo(List.of("staging", "production", "qa"))
                .jsonPath("$.current.production").isEqualTo("1.0.0");

        web.patch().uri("/api/v1/applications/" + app).header(IdentityCodec.HEADER, Callers.deployer())
                .bodyValue(Map.of("environments", List.of("staging"))).exchange()
                .expectStatus().isEqualTo(409)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("cannot remove production from " + app + ": a version runs there");
        web.patch().uri("/api/v1/applications/" + app).header(IdentityCodec.HEADER, Callers.deployer())
                .bodyValue(Map.of("name", "renamed")).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("name");
        web.get().uri("/api/v1/applications/" + app).header(IdentityCodec.HEADER, Callers.viewer()).exchange()
                .expectBody().jsonPath("$.environments").isEqualTo(List.of("staging", "production", "qa"));
    }

    @Test
    void listsVersionsNewestFirstBySemverPrecedence() {
        String app = createApp("ordering", List.of("staging", "production", "qa"));
        for (String v : List.of("1.0.0", "0.9.0-beta.1", "1.10.0", "0.9.0", "1.2.0", "1.10.0-rc.2", "0.9.0-beta.11",
                "1.10.0-rc.10", "0.9.0-alpha")) {
            createVersion(app, Map.of("version", v));
        }
        web.get().uri("/api/v1/applications/" + app + "/versions").header(IdentityCodec.HEADER, Callers.viewer())
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.total").isEqualTo(9)
                .jsonPath("$.items[*].version").isEqualTo(List.of("1.10.0", "1.10.0-rc.10", "1.10.0-rc.2", "1.2.0",
                        "1.0.0", "0.9.0", "0.9.0-beta.11", "0.9.0-beta.1", "0.9.0-alpha"));
        web.get().uri("/api/v1/applications/" + app + "/versions?page=1&size=4").header(IdentityCodec.HEADER,
                        Callers.viewer()).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.items[*].version").isEqualTo(List.of("1.0.0", "0.9.0", "0.9.0-beta.11", "0.9.0-beta.1"))
                .jsonPath("$.page").isEqualTo(1).jsonPath("$.size").isEqualTo(4).jsonPath("$.total").isEqualTo(9);
    }

    @Test
    void createsAVersionWithItsRecordsDerivedCountsAndEvents() {
        String app = createApp("detail", null);
        var body = new java.util.HashMap<String, Object>(Map.of("version", "2.4.0", "name", "Spring sale", "releaseDate", "2026-03-01", "gitTag", "v2.4.0",
                "commit", "4f2a9c1", "commitTime", "2026-02-27T16:00:00Z", "released", true,
                "changes", List.of(
                        Map.of("type", "feature", "module", "checkout", "title", "One-click checkout", "priority", "high",
                                "impact", "major"),
                        Map.of("type", "fix", "title", "Rounding of totals"),
                        Map.of("type", "security", "title", "Patch CVE-2026-1234", "priority", "critical")),
                "migrations", List.of(
                        Map.of("id", "V24_1", "store", "postgresql", "description", "add orders.channel", "reversible", true,
                                "downScript", "db/down/V24_1.sql"),
                        Map.of("id", "M24_2", "store", "mongodb", "description", "split carts", "reversible", false))));
        body.put("dependencies", List.of(Map.of("name", "spring-boot", "fromVersion", "3.5.0", "toVersion", "4.0.9",
                        "reason", "support", "impact", "major")));
        body.put("apiChanges", List.of(Map.of("endpoint", "GET /api/cart/legacy", "kind", "removed", "note", "use /api/cart")));
        body.put("compatibility", Map.of("postgresql", ">=14 <18", "frontend", "^3.2.0"));
        web.post().uri("/api/v1/applications/" + app + "/versions").header(IdentityCodec.HEADER, Callers.deployer())
                .bodyValue(body).exchange()
                .expectStatus().isCreated()
                .expectBody()
                .jsonPath("$.application").isEqualTo(app)
                .jsonPath("$.version").isEqualTo("2.4.0")
                .jsonPath("$.releaseDate").isEqualTo("2026-03-01")
                .jsonPath("$.breaking").isEqualTo(true) // removes an endpoint
                .jsonPath("$.declaredBreaking").isEqualTo(false)
                .jsonPath("$.irreversibleMigration").isEqualTo(true)
                .jsonPath("$.released").isEqualTo(true)
                .jsonPath("$.counts.feature").isEqualTo(1).jsonPath("$.counts.fix").isEqualTo(1)
                .jsonPath("$.counts.improvement").isEqualTo(0).jsonPath("$.counts.security").isEqualTo(1)
                .jsonPath("$.changes[1].priority").isEqualTo("medium")
                .jsonPath("$.migrations[1].reversible").isEqualTo(false)
                .jsonPath("$.migrations[0].downScript").isEqualTo("db/down/V24_1.sql")
                .jsonPath("$.compatibility.postgresql").isEqualTo(">=14 <18")
                .jsonPath("$.deployments").isEmpty();

        web.post().uri("/api/v1/applications/" + app + "/versions/2.4.0/changes").header(IdentityCodec.HEADER,
                        Callers.deployer())
                .bodyValue(Map.of("type", "improvement", "module", "search", "title", "Faster search", "priority", "low",
                        "impact", "minor", "testStatus", "passed")).exchange()
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.counts.improvement").isEqualTo(1).jsonPath("$.changes.length()").isEqualTo(4);

        web.get().uri("/api/v1/applications/" + app + "/compatibility").header(IdentityCodec.HEADER, Callers.viewer())
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.dependencies").isEqualTo(List.of("frontend", "postgresql"))
                .jsonPath("$.versions[0].version").isEqualTo("2.4.0")
                .jsonPath("$.versions[0].ranges.frontend").isEqualTo("^3.2.0");

        var events = KafkaProbe.read(Topics.VERSIONS, r -> (app + ":*").equals(r.key()), 3, Duration.ofSeconds(20),
                        Duration.ofMillis(300)).stream()
                .map(r -> EventCodec.fromJson(new String(r.value(), StandardCharsets.UTF_8)).data()).toList();
        assertThat(events).hasSize(3);
        assertThat(events.get(0)).isInstanceOfSatisfying(VersionCreated.class, c -> {
            assertThat(c.version()).isEqualTo("2.4.0");
            assertThat(c.breaking()).isTrue();
            assertThat(c.irreversibleMigration()).isTrue();
            assertThat(c.changeCount()).isEqualTo(3);
        });
        assertThat(events.get(1)).isInstanceOf(VersionReleased.class);
        assertThat(events.get(2)).isInstanceOfSatisfying(FeatureChangeAdded.class,
                f -> assertThat(f.title()).isEqualTo("Faster search"));
    }

    @Test
    void servesTheOpenApiDocumentWithTheRegistryPaths() {
        web.get().uri("/v3/api-docs")
                .header(IdentityCodec.HEADER, Callers.viewer()).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.paths['/api/v1/applications/{app}/versions']").exists()
                .jsonPath("$.paths['/api/v1/applications/{app}/environments/{env}/current'].put").exists()
                .jsonPath("$.paths['/api/v1/stats/delivery']").exists();
    }

    private String createApp(String prefix, List<String> environments) {
        String app = Fixtures.app(prefix);
        var body = new java.util.HashMap<String, Object>(Fixtures.application(app));
        if (environments != null) {
            body.put("environments", environments);
        }
        web.post().uri("/api/v1/applications").header(IdentityCodec.HEADER, Callers.deployer()).bodyValue(body)
                .exchange().expectStatus().isCreated();
        return app;
    }

    private void createVersion(String app, Map<String, Object> body) {
        web.post().uri("/api/v1/applications/" + app + "/versions").header(IdentityCodec.HEADER, Callers.deployer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isCreated();
    }
}
