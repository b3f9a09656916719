package io.releasecontrol.deploy.it;

import static io.releasecontrol.deploy.it.DeployApi.app;
import static io.releasecontrol.deploy.it.DeployApi.awaitStatus;
import static io.releasecontrol.deploy.it.DeployApi.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.Strategy;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.command.CancelDeployment;
import io.releasecontrol.events.command.SetMaintenanceMode;
import io.releasecontrol.events.command.ShiftTraffic;
import io.releasecontrol.events.command.StartDeployment;
import io.releasecontrol.events.deployment.DeployRequested;
import io.releasecontrol.events.deployment.MaintenanceModeChanged;
import io.releasecontrol.events.deployment.TrafficShifted;
import io.releasecontrol.events.serde.EventCodec;
import io.releasecontrol.runtime.identity.IdentityCodec;
import io.releasecontrol.runtime.testsupport.KafkaProbe;
import io.releasecontrol.runtime.testsupport.RcIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Commands on rc.deploy-commands, as the rollback orchestrator sends them: executed once each. */
@RcIntegrationTest
@TestPropertySource(locations = "classpath:deploy-it.properties")
class DeployCommandsIT {

    @Autowired
    WebTestClient web;
    @Autowired
    @Qualifier("outboxKafkaTemplate")
    KafkaTemplate<String, byte[]> kafka;

    @BeforeEach
    void slowMachine() {
        web = web.mutate().responseTimeout(Duration.ofSeconds(30)).build();
    }

    private void send(EventEnvelope<?> command) throws Exception {
        kafka.send(new ProducerRecord<>(Topics.DEPLOY_COMMANDS, command.key(),
                EventCodec.toJson(command).getBytes(StandardCharsets.UTF_8))).get();
    }

    private static <T extends io.releasecontrol.events.RcEvent> EventEnvelope<T> command(T data) {
        return EventEnvelope.of("/release-control/rollback-orchestrator", data);
    }

    @Test
    void aRedeliveredOrResentStartDeploymentStartsNothingNew() throws Exception {
        String app = app("cmd-start");
        String requestId = "saga-1/step-2";
        var start = command(new StartDeployment(requestId, app, "staging", "1.1.0", Strategy.ROLLING, "rollback",
                "rollback-orchestrator", null, null));
        send(start);
        send(start); // redelivered: same event id
        send(command(new StartDeployment(requestId, app, "staging", "1.1.0", Strategy.ROLLING, "rollback",
                "rollback-orchestrator", null, null))); // re-sent by a retrying saga: new event id, same request

        await().atMost(Duration.ofSeconds(30)).until(() -> total(app) == 1);
        String id = (String) ((List<Map<String, Object>>) list(app).get("items")).get(0).get("id");
        assertThat(awaitStatus(web, id, "SUCCEEDED")).containsEntry("requestedBy", "rollback-orchestrator");
        var requested = DeployApi.deploymentEvents(app, "staging", 1, Duration.ofSeconds(2)).stream()
                .filter(e -> e.data() instanceof DeployRequested).toList();
        assertThat(requested).hasSize(1);
        assertThat(requested.get(0).causationid()).isEqualTo(start.id());
        assertThat(total(app)).isEqualTo(1);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> list(String app) {
        return web.get().uri("/api/v1/deployments?application={app}", app)
                .header(IdentityCodec.HEADER, DeployApi.viewer())
                .exchange().expectBody(Map.class)
                .returnResult().getResponseBody();
    }

    private long total(String app) {
        return ((Number) list(app).get("total")).longValue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void switchesABlueGreenDeploymentBackToTheKeptColourOnceEvenWhenRedelivered() throws Exception {
        String app = app("cmd-bluegreen");
        var body = Map.<String, Object>of("application", app, "environment", "staging", "version", "1.0.0",
                "strategy", "blue-green");
        assertThat(awaitStatus(web, create(web, body), "SUCCEEDED").get("traffic"))
                .isEqualTo(Map.of("blue", 0, "green", 100));
        var v2 = new java.util.HashMap<>(body);
        v2.put("version", "2.0.0");
        String id = create(web, v2);
        assertThat(awaitStatus(web, id, "SUCCEEDED").get("traffic")).isEqualTo(Map.of("blue", 100, "green", 0));

        var back = command(new ShiftTraffic("saga-7/switch-back", DeploymentId.of(id), app, "staging", 0,
                "error rate above 5 %", null));
        send(back);
        send(back);

        await().atMost(Duration.ofSeconds(20)).until(() -> DeployApi.get(web, id).get("traffic")
                .equals(Map.of("blue", 0, "green", 100)));
        var shifts = DeployApi.deploymentEvents(app, "staging", 1, Duration.ofSeconds(2)).stream()
                .filter(e -> e.data() instanceof TrafficShifted t && t.deploymentId().toString().equals(id))
                .map(e -> (TrafficShifted) e.data()).toList();
        // the switch to blue during the deployment, then the one switch back
        assertThat(shifts).extracting(TrafficShifted::newPercent).containsExactly(100, 0);
        assertThat(shifts.get(1).stableVersion()).isEqualTo("1.0.0");
        assertThat(shifts.get(1).newVersion()).isEqualTo("2.0.0");
        assertThat(shifts.get(1).reason()).isEqualTo("error rate above 5 %");
        assertThat(DeployApi.get(web, id)).containsEntry("status", "SUCCEEDED")
                .containsEntry("currentStep", "switched back to green (1.0.0): error rate above 5 %");
        // moving it anywhere else is refused: dead-lettered with the reason, the traffic stays
        send(command(new ShiftTraffic("saga-7/forward", DeploymentId.of(id), app, "staging", 100, "forward", null)));
        var dead = KafkaProbe.read(Topics.dlt(Topics.DEPLOY_COMMANDS), r -> (app + ":staging").equals(r.key()), 1,
                Duration.ofSeconds(60), Duration.ZERO);
        assertThat(KafkaProbe.header(dead.get(0), "rc_dlt_reason")).contains("can only be switched back");
        assertThat(DeployApi.get(web, id).get("traffic")).isEqualTo(Map.of("blue", 0, "green", 100));
    }

    @Test
    @SuppressWarnings("unchecked")
    void shiftingACanaryToZeroRollsItBackPartiallyAndCancelStopsIt() throws Exception {
        String app = app("cmd-canary");
        String id = create(web, Map.of("application", app, "environment", "staging", "version", "4.0.0",
                "strategy", "canary", "canary", Map.of("steps", List.of(25, 100), "pause", "manual")));
        await().atMost(Duration.ofSeconds(30)).until(() -> ((Map<String, Object>) DeployApi.get(web, id)
                .get("traffic")).get("canary").equals(25));

        send(command(new ShiftTraffic(UUID.randomUUID().toString(), DeploymentId.of(id), app, "staging", 0,
                "partial rollback", null)));
        await().atMost(Duration.ofSeconds(20)).until(() -> "PAUSED".equals(DeployApi.get(web, id).get("status")));
        assertThat((Map<String, Object>) DeployApi.get(web, id).get("traffic")).containsEntry("canary", 0);

        send(command(new CancelDeployment(UUID.randomUUID().toString(), DeploymentId.of(id), app, "staging",
                "rolled back", null)));
        assertThat(awaitStatus(web, id, "CANCELLED")).containsEntry("failureReason", "rolled back");
    }

    @Test
    void setsMaintenanceModeByCommandOnce() throws Exception {
        String app = app("cmd-maint");
        var on = command(new SetMaintenanceMode("maint-" + app, app, "production", true, "data repair", null));
        send(on);
        send(command(new SetMaintenanceMode("maint-" + app, app, "production", true, "data repair", null)));

        await().atMost(Duration.ofSeconds(20)).until(() -> Boolean.TRUE.equals(web.get()
                .uri("/api/v1/environments/production/maintenance?application={app}", app)
                        .header(IdentityCodec.HEADER, DeployApi.viewer())
                        .exchange()
                .expectBody(Map.class).returnResult().getResponseBody().get("enabled")));
        var changes = DeployApi.deploymentEvents(app, "production", 1, Duration.ofSeconds(2)).stream()
                .filter(e -> e.data() instanceof MaintenanceModeChanged).toList();
        assertThat(changes).hasSize(1);
        assertThat(((MaintenanceModeChanged) changes.get(0).data()).changedBy()).isEqualTo("deploy-command");
    }

    @Test
    void sendsACommandThatNamesNoDeploymentToTheDeadLetterTopic() throws Exception {
        String app = app("cmd-poison");
        send(command(new ShiftTraffic("poison-" + app, null, app, "staging", 50, "no deployment", null)));
        var dead = KafkaProbe.read(Topics.dlt(Topics.DEPLOY_COMMANDS), r -> (app + ":staging").equals(r.key()), 1,
                Duration.ofSeconds(30), Duration.ZERO);
        assertThat(dead).hasSize(1);
        assertThat(KafkaProbe.header(dead.get(0), "rc_dlt_reason")).contains("names no deployment");
    }

}
