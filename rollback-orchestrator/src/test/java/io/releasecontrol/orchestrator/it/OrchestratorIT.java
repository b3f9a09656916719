package io.releasecontrol.orchestrator.it;

import static org.awaitility.Awaitility.await;

import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.RcEvent;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.serde.EventCodec;
import io.releasecontrol.runtime.identity.IdentityCodec;
import io.releasecontrol.runtime.testsupport.KafkaProbe;
import io.releasecontrol.runtime.testsupport.RcInfrastructureInitializer;
import io.releasecontrol.runtime.testsupport.RcIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Base of the orchestrator's integration tests: one shared context on the real broker and
 * PostgreSQL, the stand-ins for version-service and the webhook, and the moves of a scenario
 * (publish what other services would, read what the orchestrator sent, ask its API).
 */
@RcIntegrationTest
@TestPropertySource(locations = "classpath:orchestrator-it.properties")
abstract class OrchestratorIT {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final IdentityCodec IDENTITY = new IdentityCodec(RcInfrastructureInitializer.TEST_IDENTITY_SECRET,
            Duration.ofMinutes(5), Clock.systemUTC());

    static {
        StandIns.start();
    }

    /** A viewer's identity header: every read needs one, the orchestrator answers nobody without. */
    static String viewer() {
        return IDENTITY.sign("vera", List.of("viewer"));
    }

    @Autowired
    WebTestClient web;
    @Autowired
    @Qualifier("outboxKafkaTemplate")
    KafkaTemplate<String, byte[]> kafka;
    @Autowired
    DatabaseClient db;

    @BeforeEach
    void slowMachine() {
        web = web.mutate().responseTimeout(Duration.ofSeconds(30)).build();
    }

    void send(List<? extends EventEnvelope<?>> events) {
        events.forEach(this::send);
    }

    void send(EventEnvelope<?> e) {
        try {
            kafka.send(new ProducerRecord<>(Topics.topicOf(e.data().getClass()).name(), e.key(),
                    EventCodec.toJson(e).getBytes(StandardCharsets.UTF_8))).get();
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Waits until the orchestrator folded the deployment's events into the target's state. */
    void awaitDeployment(Target t, DeploymentId id, String status) {
        await().atMost(WAIT).until(() -> db.sql("SELECT status FROM target_deployments WHERE application = :app"
                        + " AND environment = :env AND deployment_id = :id")
                .bind("app", t.application).bind("env", t.environment).bind("id", id.value())
                .map(r -> r.get("status", String.class)).all().collectList().block().contains(status));
    }

    /** What the orchestrator sent to deploy-service for the target; waits {@code settle} more to catch extras. */
    static List<EventEnvelope<RcEvent>> commands(Target t, int expected, Duration settle) {
        return read(Topics.DEPLOY_COMMANDS, t, expected, settle);
    }

    /** Commands seen within {@code timeout}: for "nothing (more) was sent" checks. */
    static List<EventEnvelope<RcEvent>> commandsWithin(Target t, Duration timeout) {
        return KafkaProbe.read(Topics.DEPLOY_COMMANDS, r -> t.key().equals(r.key()), Integer.MAX_VALUE, timeout,
                Duration.ZERO).stream().map(r -> EventCodec.fromBytes(r.value())).toList();
    }

    static List<EventEnvelope<RcEvent>> sagaEvents(Target t, int expected, Duration settle) {
        return read(Topics.ROLLBACK_SAGAS, t, expected, settle);
    }

    private static List<EventEnvelope<RcEvent>> read(String topic, Target t, int expected, Duration settle) {
        return KafkaProbe.read(topic, r -> t.key().equals(r.key()), expected, WAIT, settle).stream()
                .map(r -> EventCodec.fromBytes(r.value())).toList();
    }

    static List<String> types(List<EventEnvelope<RcEvent>> events) {
        return events.stream().map(e -> e.data().getClass().getSimpleName()).toList();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> list(Target t) {
        return web.get().uri("/api/v1/rollbacks?application={app}&environment={env}", t.application, t.environment)
                .header(IdentityCodec.HEADER, viewer())
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> sagas(Target t) {
        return (List<Map<String, Object>>) list(t).get("items");
    }

    /** Waits until the target's (only, or newest) saga matches. */
    Map<String, Object> awaitSaga(Target t, Predicate<Map<String, Object>> condition) {
        return await().atMost(WAIT).until(() -> {
            var items = sagas(t);
            return items.isEmpty() ? null : items.get(0);
        }, s -> s != null && condition.test(s));
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> get(String id) {
        return web.get().uri("/api/v1/rollbacks/{id}", id)
                .header(IdentityCodec.HEADER, viewer()).exchange().expectStatus().isOk().expectBody(Map.class)
                .returnResult().getResponseBody();
    }

    WebTestClient.ResponseSpec post(String path, String role, Object body) {
        var spec = web.post().uri(path);
        if (role != null) {
            spec = spec.header(IdentityCodec.HEADER, IDENTITY.sign("alice", List.of(role)));
        }
        return body == null ? spec.exchange() : spec.bodyValue(body).exchange();
    }

    static Predicate<Map<String, Object>> status(String status) {
        return s -> status.equals(s.get("status"));
    }

    static DeploymentId deployment() {
        return new DeploymentId(UUID.randomUUID());
    }
}
