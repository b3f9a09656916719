package io.releasecontrol.version.it;

import static io.releasecontrol.version.it.Fixtures.failed;
import static io.releasecontrol.version.it.Fixtures.requested;
import static io.releasecontrol.version.it.Fixtures.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.serde.EventCodec;
import io.releasecontrol.events.metric.MetricSampleRecorded;
import io.releasecontrol.events.version.CurrentVersionChanged;
import io.releasecontrol.events.version.DriftDetected;
import io.releasecontrol.runtime.identity.IdentityCodec;
import io.releasecontrol.runtime.testsupport.KafkaProbe;
import io.releasecontrol.runtime.testsupport.RcIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import io.releasecontrol.runtime.testsupport.SharedKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A deployment event stream on the real broker — with a duplicate, an out-of-order older success,
 * a failure and a rollback — drives the registry in the real database: current version, upgrade
 * log, last good version, bad versions, drift, rollback target and delivery stats.
 */
@RcIntegrationTest
class DeploymentStreamIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ENV = "production";

    @Autowired
    WebTestClient web;
    @Autowired
    KafkaTemplate<String, byte[]> outboxKafkaTemplate;

    @BeforeEach
    void slowFirstCalls() {
        web = web.mutate().responseTimeout(Duration.ofSeconds(30)).build();
    }

    @Test
    void deploymentStreamWithDuplicateAndOutOfOrderEventProducesTheRightRegistry() throws Exception {
        String app = Fixtures.app("shop");
        post("/api/v1/applications", Fixtures.application(app));
        post("/api/v1/applications/" + app + "/versions", Fixtures.version("1.0.0"));
        post("/api/v1/applications/" + app + "/versions", Fixtures.version("1.1.0"));
        post("/api/v1/applications/" + app + "/versions", Map.of("version", "1.2.0", "breaking", true));
        post("/api/v1/applications/" + app + "/versions", Map.of("version", "1.3.0", "migrations", List.of(Map.of(
                "id", "V13", "store", "postgresql", "description", "drop legacy columns", "reversible", false))));

        Instant t0 = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        var d1 = DeploymentId.random();
        var d2 = DeploymentId.random();
        var d3 = DeploymentId.random();
        var d4 = DeploymentId.random();
        var d5 = DeploymentId.random();
        var d2Success = succeeded(app, ENV, d2, "1.1.0", "1.0.0", 2, t0.plusSeconds(600), null);
        send(requested(app, ENV, d1, "1.0.0", 1, null));
        send(succeeded(app, ENV, d1, "1.0.0", null, 1, t0, null));
        send(d2Success);
        send(failed(app, ENV, d3, "1.2.0", 3, t0.plusSeconds(1200)));
        // deployment 5 completes and is delivered before deployment 4's success: 4 is the out-of-order one
        send(succeeded(app, ENV, d5, "1.3.0", "1.2.0", 5, t0.plusSeconds(2400), null));
        send(succeeded(app, ENV, d4, "1.2.0", "1.1.0", 4, t0.plusSeconds(1800), null));
        send(d2Success); // the same event again, as a relay re-send after a crash would

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(view(app).path("history").size()).isEqualTo(5));
        JsonNode before = view(app);
        assertThat(before.path("currentVersion").asString()).as("the older deployment 4 did not overwrite 5")
                .isEqualTo("1.3.0");
        assertThat(before.path("currentSequence").asLong()).isEqualTo(5);
        assertThat(before.path("lastGoodVersion").asString()).isEqualTo("1.3.0");
        assertThat(before.path("drift").asBoolean()).isFalse();

        // where would a rollback of 1.3.0 go? back to 1.2.0, across 1.3.0's irreversible migration
        JsonNode target = get("/api/v1/applications/" + app + "/environments/" + ENV + "/rollback-target?from=1.3.0");
        assertThat(target.path("targetVersion").asString()).isEqualTo("1.2.0");
        assertThat(target.path("crossesIrreversibleMigration").asBoolean()).isTrue();
        assertThat(target.path("crossesBreakingChange").asBoolean()).isFalse();
        assertThat(target.path("requiresApproval").asBoolean()).isTrue();
        assertThat(target.path("reasons").get(0).asString())
                .isEqualTo("1.3.0 ran irreversible migration V13 (postgresql: drop legacy columns); going back to 1.2.0"
                        + " cannot undo it");

        // the rollback of deployment 5 succeeds
        var d6 = DeploymentId.random();
        send(requested(app, ENV, d6, "1.2.0", 6, d5));
        send(succeeded(app, ENV, d6, "1.2.0", "1.3.0", 6, t0.plusSeconds(3000), d5));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(view(app).path("currentVersion").asString()).isEqualTo("1.2.0"));
        JsonNode after = view(app);
        assertThat(after.path("lastGoodVersion").asString()).isEqualTo("1.2.0");
        assertThat(after.path("badVersions").toString()).isEqualTo("[\"1.3.0\"]");
        assertThat(after.path("observedVersion").asString()).isEqualTo("1.2.0");
        assertThat(after.path("drift").asBoolean()).isFalse();

        JsonNode log = get("/api/v1/applications/" + app + "/upgrades?environment=" + ENV);
        assertThat(log.path("total").asLong()).as("one entry per deployment, the duplicate ignored").isEqualTo(6);
        assertThat(statuses(log)).containsExactly(
                "1.3.0->1.2.0 success rollback", "1.2.0->1.3.0 rolled_back deployment",
                "1.1.0->1.2.0 success deployment", "1.1.0->1.2.0 failed deployment",
                "1.0.0->1.1.0 success deployment", "null->1.0.0 success deployment");
        JsonNode first = log.path("items").get(5);
        assertThat(first.path("operator").asString()).as("from DeployRequested").isEqualTo("dan-deployer");
        assertThat(first.path("duration").asString()).isEqualTo("PT42S");
        assertThat(log.path("items").get(3).path("error").asString()).isEqualTo("step migrate: migration V9 timed out");

        // a manual declaration that differs from what was observed running: drift
        web.put().uri("/api/v1/applications/" + app + "/environments/" + ENV + "/current")
                .header(IdentityCodec.HEADER, Callers.admin())
                .bodyValue(Map.of("version", "1.1.0", "reason", "pin while investigating")).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.currentVersion").isEqualTo("1.1.0")
                .jsonPath("$.observedVersion").isEqualTo("1.2.0")
                .jsonPath("$.drift").isEqualTo(true)
                .jsonPath("$.lastGoodVersion").isEqualTo("1.2.0");
        // the application and the list show it too, without a request per environment (the dashboard's home page)
        web.get().uri("/api/v1/applications/" + app).header(IdentityCodec.HEADER, Callers.viewer()).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.current." + ENV).isEqualTo("1.1.0")
                .jsonPath("$.drift." + ENV).isEqualTo("1.2.0");
        web.get().uri("/api/v1/applications?size=200").header(IdentityCodec.HEADER, Callers.viewer()).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.items[?(@.name=='" + app + "')].drift." + ENV).isEqualTo("1.2.0");

        var changes = versionEvents(app, CurrentVersionChanged.class, 5);
        assertThat(changes).extracting(c -> c.previousVersion() + "->" + c.version() + " " + c.status())
                .containsExactly("null->1.0.0 success", "1.0.0->1.1.0 success", "1.1.0->1.3.0 success",
                        "1.3.0->1.2.0 rolled_back", "1.2.0->1.1.0 success");
        assertThat(changes.get(4).changedBy()).isEqualTo("ada-admin");
        var drift = versionEvents(app, DriftDetected.class, 1);
        assertThat(drift).singleElement().satisfies(d -> {
            assertThat(d.declaredVersion()).isEqualTo("1.1.0");
            assertThat(d.observedVersion()).isEqualTo("1.2.0");
            assertThat(d.observedBy()).isEqualTo("deployment");
        });

        // delivery stats over this history: 5 changes (1 failed, 1 rolled back), 1 rollback
        JsonNode stats = get("/api/v1/stats/delivery?application=" + app + "&from=" + t0.minusSeconds(1));
        JsonNode s = stats.path("targets").get(0);
        assertThat(s.path("deployments").asLong()).isEqualTo(6);
        assertThat(s.path("failed").asLong()).isEqualTo(1);
        assertThat(s.path("rollbacks").asLong()).isEqualTo(1);
        assertThat(s.path("changeFailureRate").asDouble()).isEqualTo(0.4);
        assertThat(s.path("upgradeSuccessRate").asDouble()).isEqualTo(0.8333);
        assertThat(s.path("meanTimeToRestore").asString()).as("1.3.0 live at +40 min, rolled back at +50 min")
                .isEqualTo("PT10M");
    }

    @Test
    void rollbackDeliveredBeforeTheSuccessItRolledBackStillMarksThatDeploymentRolledBack() throws Exception {
        String app = Fixtures.app("reorder");
        Instant t0 = Instant.now().minusSeconds(3600).truncatedTo(ChronoUnit.MILLIS);
        var d1 = DeploymentId.random();
        var d2 = DeploymentId.random();
        var d3 = DeploymentId.random();
        send(succeeded(app, ENV, d1, "1.0.0", null, 1, t0, null));
        send(succeeded(app, ENV, d3, "1.0.0", "1.1.0", 3, t0.plusSeconds(600), d2)); // the rollback of d2 ...
        send(succeeded(app, ENV, d2, "1.1.0", "1.0.0", 2, t0.plusSeconds(300), null)); // ... arrives before d2 itself

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(get("/api/v1/applications/" + app + "/upgrades").path("total").asLong()).isEqualTo(3));
        JsonNode v = view(app);
        assertThat(v.path("currentVersion").asString()).isEqualTo("1.0.0");
        assertThat(v.path("currentSequence").asLong()).isEqualTo(3);
        assertThat(v.path("lastGoodVersion").asString()).isEqualTo("1.0.0");
        assertThat(v.path("badVersions").toString()).isEqualTo("[\"1.1.0\"]");
        assertThat(statuses(get("/api/v1/applications/" + app + "/upgrades"))).containsExactly(
                "1.1.0->1.0.0 success rollback", "1.0.0->1.1.0 rolled_back deployment", "null->1.0.0 success deployment");
    }

    @Test
    void aCanaryCancelledAndRolledBackBeforeItFinishedIsLoggedRolledBackAndMarkedBad() throws Exception {
        String app = Fixtures.app("canary-rb");
        Instant t0 = Instant.now().minusSeconds(3600).truncatedTo(ChronoUnit.MILLIS);
        var stable = DeploymentId.random();
        var canary = DeploymentId.random();
        var rollback = DeploymentId.random();
        send(requested(app, ENV, stable, "1.0.0", 1, null));
        send(succeeded(app, ENV, stable, "1.0.0", null, 1, t0, null));
        send(requested(app, ENV, canary, "1.1.0", 2, null));
        // the saga takes the canary's share back (cancel), then deploys the stable version as the rollback
        send(Fixtures.cancelled(app, ENV, canary, "1.1.0", 2, t0.plusSeconds(300)));
        send(requested(app, ENV, rollback, "1.0.0", 3, canary));
        send(succeeded(app, ENV, rollback, "1.0.0", "1.0.0", 3, t0.plusSeconds(360), canary));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(get("/api/v1/applications/" + app + "/upgrades").path("total").asLong()).isEqualTo(3));
        JsonNode log = get("/api/v1/applications/" + app + "/upgrades");
        assertThat(statuses(log)).containsExactly(
                "1.0.0->1.0.0 success rollback", "1.0.0->1.1.0 rolled_back deployment", "null->1.0.0 success deployment");
        JsonNode v = view(app);
        assertThat(v.path("currentVersion").asString()).isEqualTo("1.0.0");
        assertThat(v.path("badVersions").toString()).isEqualTo("[\"1.1.0\"]");
        assertThat(v.path("lastGoodVersion").asString()).isEqualTo("1.0.0");
    }

    @Test
    void aBlueGreenDeploymentSwitchedBackAfterItSucceededIsRolledBackAndItsOldColourIsCurrentAgain() throws Exception {
        String app = Fixtures.app("switch-back");
        Instant t0 = Instant.now().minusSeconds(3600).truncatedTo(ChronoUnit.MILLIS);
        for (EventEnvelope<?> e : Fixtures.deployed(app, ENV, DeploymentId.random(), "1.0.0", null, 1, t0)) {
            send(e);
        }
        var green = DeploymentId.random();
        send(requested(app, ENV, green, "1.1.0", 2, null));
        // the switch to the new colour while the deployment runs: nothing the registry keeps
        send(Fixtures.shifted(app, ENV, green, "1.0.0", "1.1.0", 100, 2));
        send(succeeded(app, ENV, green, "1.1.0", "1.0.0", 2, t0.plusSeconds(300), null));
        // untilAsserted: the view is a 404 (an assertion error) until the first deployment's events are consumed
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(view(app).path("currentVersion").asString()).isEqualTo("1.1.0"));

        // the rollback saga switches it back: all traffic on the old colour, no new deployment
        send(Fixtures.shifted(app, ENV, green, "1.0.0", "1.1.0", 0, 2));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(get("/api/v1/applications/" + app + "/upgrades").path("total").asLong()).isEqualTo(3));
        JsonNode log = get("/api/v1/applications/" + app + "/upgrades");
        assertThat(statuses(log)).containsExactly(
                "1.1.0->1.0.0 success rollback", "1.0.0->1.1.0 rolled_back deployment", "null->1.0.0 success deployment");
        assertThat(log.path("items").get(0).path("rollbackOf").asString()).isEqualTo(green.toString());
        assertThat(log.path("items").get(0).path("reason").asString()).startsWith("switch-back of blue-green deployment");
        JsonNode v = view(app);
        assertThat(v.path("currentVersion").asString()).isEqualTo("1.0.0");
        assertThat(v.path("badVersions").toString()).isEqualTo("[\"1.1.0\"]");
        assertThat(v.path("lastGoodVersion").asString()).isEqualTo("1.0.0");
        var changes = versionEvents(app, CurrentVersionChanged.class, 3);
        assertThat(changes).extracting(c -> c.previousVersion() + "->" + c.version() + " " + c.status())
                .containsExactly("null->1.0.0 success", "1.0.0->1.1.0 success", "1.1.0->1.0.0 rolled_back");
    }

    @Test
    void unreadableAndVersionlessDeploymentEventsGoToTheDeadLetterTopicAndTheNextEventIsApplied() throws Exception {
        String app = Fixtures.app("poison");
        String key = app + ":" + ENV;
        outboxKafkaTemplate.send(new ProducerRecord<>(Topics.DEPLOYMENTS, key,
                "{not json".getBytes(StandardCharsets.UTF_8))).get();
        var versionless = DeploymentId.random();
        send(succeeded(app, ENV, versionless, null, null, 1, Instant.now(), null));
        send(succeeded(app, ENV, DeploymentId.random(), "1.0.0", null, 2, Instant.now(), null));

        var dead = KafkaProbe.read(Topics.dlt(Topics.DEPLOYMENTS), r -> key.equals(r.key()), 2, Duration.ofSeconds(30),
                Duration.ZERO);
        assertThat(dead).extracting(r -> KafkaProbe.header(r, "rc_dlt_reason")).satisfiesExactly(
                reason -> assertThat(reason).startsWith("message is not JSON"),
                reason -> assertThat(reason).isEqualTo("deployment " + versionless + " names no usable version ('null')"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(view(app).path("currentVersion").asString()).isEqualTo("1.0.0"));
        assertThat(get("/api/v1/applications/" + app + "/upgrades").path("total").asLong()).isEqualTo(1);
    }

    @Test
    void metricSamplesOfAnotherVersionShowAsDriftUnlessADeploymentIsInFlight() throws Exception {
        String app = Fixtures.app("metrics");
        post("/api/v1/applications", Fixtures.application(app));
        Instant t0 = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.MILLIS);
        send(succeeded(app, ENV, DeploymentId.random(), "2.0.0", null, 1, t0, null));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(view(app).path("currentVersion").asString()).isEqualTo("2.0.0"));

        // an instance still reports 1.9.0 after 2.0.0 was declared: drift, seen by metrics
        send(sample(app, "1.9.0", t0.plusSeconds(60)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(view(app).path("drift").asBoolean()).isTrue());
        assertThat(view(app).path("observedVersion").asString()).isEqualTo("1.9.0");
        assertThat(view(app).path("observedBy").asString()).isEqualTo("metrics");
        assertThat(versionEvents(app, DriftDetected.class, 1)).singleElement()
                .satisfies(d -> assertThat(d.observedBy()).isEqualTo("metrics"));

        // an unreadable record goes to the dead-letter topic, and the samples of the declared version after
        // it bring the target in step again
        String key = app + ":" + ENV;
        outboxKafkaTemplate.send(new ProducerRecord<>(Topics.METRIC_SAMPLES, key,
                "{not json".getBytes(StandardCharsets.UTF_8))).get();
        send(sample(app, "2.0.0", t0.plusSeconds(120)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(view(app).path("drift").asBoolean()).isFalse());
        assertThat(KafkaProbe.read(Topics.dlt(Topics.METRIC_SAMPLES), r -> key.equals(r.key()), 1, Duration.ofSeconds(30),
                Duration.ZERO)).extracting(r -> KafkaProbe.header(r, "rc_dlt_reason"))
                .singleElement().satisfies(reason -> assertThat(reason).startsWith("message is not JSON"));

        // while a deployment is in flight, a canary's samples are no drift
        RecordMetadata request = send(requested(app, ENV, DeploymentId.random(), "2.1.0", 2, null));
        await().atMost(Duration.ofSeconds(30)).until(() -> consumed(request));
        RecordMetadata canarySample = send(sample(app, "2.1.0", t0.plusSeconds(180)));
        await().atMost(Duration.ofSeconds(30)).until(() -> consumed(canarySample));
        assertThat(view(app).path("drift").asBoolean()).isFalse();
        assertThat(view(app).path("observedVersion").asString()).isEqualTo("2.0.0");
    }

    /** Whether the service's consumer group has committed past this record (ack mode record: after processing it). */
    private static boolean consumed(RecordMetadata sent) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()))) {
            var tp = new TopicPartition(sent.topic(), sent.partition());
            var offsets = admin.listConsumerGroupOffsets("version-service").partitionsToOffsetAndMetadata().get();
            return offsets.get(tp) != null && offsets.get(tp).offset() > sent.offset();
        }
    }

    private static EventEnvelope<MetricSampleRecorded> sample(String app, String version, Instant time) {
        return EventEnvelope.of("/release-control/metrics-service", new MetricSampleRecorded(app, ENV, version, "pod-1",
                time, 100L, 1L, 0L, 120.0, 0.3, 0.4, 50L));
    }

    private List<String> statuses(JsonNode page) {
        var out = new java.util.ArrayList<String>();
        page.path("items").forEach(i -> out.add((i.path("from").isNull() || i.path("from").isMissingNode() ? "null"
                : i.path("from").asString()) + "->" + i.path("version").asString() + " " + i.path("status").asString()
                + " " + i.path("kind").asString()));
        return out;
    }

    private <T> List<T> versionEvents(String app, Class<T> type, int expected) {
        return KafkaProbe.read(Topics.VERSIONS, r -> r.key() != null && r.key().equals(app + ":" + ENV), expected,
                        Duration.ofSeconds(20), Duration.ofMillis(500)).stream()
                .map(r -> EventCodec.fromJson(new String(r.value(), StandardCharsets.UTF_8)).data())
                .filter(type::isInstance).map(type::cast).toList();
    }

    private RecordMetadata send(EventEnvelope<?> envelope) throws Exception {
        String topic = Topics.topicOf(envelope.data().getClass()).name();
        return outboxKafkaTemplate.send(new ProducerRecord<>(topic, envelope.key(),
                EventCodec.toJson(envelope).getBytes(StandardCharsets.UTF_8))).get().getRecordMetadata();
    }

    private JsonNode view(String app) {
        return get("/api/v1/applications/" + app + "/environments/" + ENV);
    }

    private JsonNode get(String uri) {
        byte[] body = web.get().uri(uri).header(IdentityCodec.HEADER, Callers.viewer()).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody();
        return JSON.readTree(body);
    }

    private void post(String uri, Object body) {
        web.post().uri(uri).header(IdentityCodec.HEADER, Callers.deployer()).bodyValue(body).exchange()
                .expectStatus().isCreated();
    }
}
