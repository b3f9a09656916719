package io.releasecontrol.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.RcEvent;
import io.releasecontrol.events.Strategy;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.command.DeployCommand;
import io.releasecontrol.events.command.StartDeployment;
import io.releasecontrol.events.serde.EventCodec;
import io.releasecontrol.orchestrator.RollbackOrchestratorApplication;
import io.releasecontrol.runtime.testsupport.KafkaProbe;
import io.releasecontrol.runtime.testsupport.RcInfrastructureInitializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The orchestrator stopped in the middle of the observation window and started again on the same
 * database: the stored deadline fires in the new process, the saga completes, and no command went
 * out twice — even when the events of before the restart are delivered again. Runs its own
 * contexts (own schema, own consumer group) so the shared test context cannot stand in for the
 * restarted one.
 */
class RestartIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String GROUP = "rollback-orchestrator-restart";

    static {
        StandIns.start();
    }

    @Test
    void resumesTheObservationAfterARestartAndSendsNoCommandTwice() throws Exception {
        Target t = new Target("restart", "staging");
        DeploymentId good = OrchestratorIT.deployment();
        DeploymentId canary = OrchestratorIT.deployment();
        List<EventEnvelope<?>> before = new ArrayList<>();
        String saga;
        try (ConfigurableApplicationContext first = start()) {
            send(first, t.deployed(good, "1.0.0", null), before);
            send(first, t.running(canary, "2.0.0", "1.0.0", Strategy.CANARY, 5), before);
            await().atMost(WAIT).until(() -> "RUNNING".equals(deploymentStatus(first, t)));
            send(first, List.of(t.breach("2.0.0", 5.0)), before);
            saga = await().atMost(WAIT).until(() -> sagaColumn(first, t, "id"), s -> s != null);
            send(first, List.of(t.shifted(canary, "1.0.0", "2.0.0", 0)), before);
            await().atMost(WAIT).until(() -> "OBSERVING".equals(sagaColumn(first, t, "status")));
        } // stopped mid-observation: the deadline is only in the database

        try (ConfigurableApplicationContext second = start()) {
            // everything of before the restart, delivered again
            send(second, before, new ArrayList<>());
            var cancel = mine(t, saga, 2);
            assertThat(types(cancel)).containsExactly("ShiftTraffic", "CancelDeployment");
            send(second, List.of(t.cancelled(canary, "2.0.0")), new ArrayList<>());
            var start = mine(t, saga, 3);
            var rollback = (StartDeployment) start.get(2).data();
            assertThat(rollback.version()).isEqualTo("1.0.0");
            send(second, t.rollbackRan(OrchestratorIT.deployment(), "1.0.0", "2.0.0", canary, rollback.sagaId()),
                    new ArrayList<>());
            await().atMost(WAIT).until(() -> "COMPLETED".equals(sagaColumn(second, t, "status")));
            List<String> steps = second.getBean(DatabaseClient.class)
                    .sql("SELECT name || ' ' || status || ' ' || coalesce(detail, '') AS s FROM saga_steps"
                            + " WHERE saga_id = :id ORDER BY id").bind("id", UUID.fromString(saga))
                    .map(r -> r.get("s", String.class)).all().collectList().block();
            assertThat(steps).anyMatch(s -> s.startsWith("observe SUCCEEDED not recovered within PT6S"));
            assertThat(sagaColumn(second, t, "branch")).as("the branch it escalated to").isEqualTo("FULL_ROLLBACK");
        }
        // all that this saga ever sent, with time for a late duplicate to show up
        var all = KafkaProbe.read(Topics.DEPLOY_COMMANDS, r -> t.key().equals(r.key()), Integer.MAX_VALUE,
                Duration.ofSeconds(5), Duration.ZERO).stream().map(r -> EventCodec.fromBytes(r.value()))
                .filter(e -> saga.equals(sagaOf(e))).toList();
        assertThat(all).extracting(e -> ((DeployCommand) e.data()).requestId())
                .containsExactly(saga + ":partial-rollback", saga + ":cancel-deployment", saga + ":full-rollback");
    }

    private static ConfigurableApplicationContext start() throws IOException {
        Properties it = PropertiesLoaderUtils.loadProperties(new ClassPathResource("orchestrator-it.properties"));
        List<String> args = new ArrayList<>();
        it.forEach((k, v) -> args.add("--" + k + "=" + v));
        args.addAll(List.of("--server.port=0", "--spring.application.name=" + GROUP,
                "--rc.postgres.schema=rollback_restart", "--spring.kafka.consumer.auto-offset-reset=latest",
                "--rc.orchestrator.environments.staging.webhook="));
        var context = new SpringApplicationBuilder(RollbackOrchestratorApplication.class)
                .initializers(new RcInfrastructureInitializer()).run(args.toArray(String[]::new));
        // with offset reset "latest", nothing sent before the partitions are assigned would be seen
        var registry = context.getBean(KafkaListenerEndpointRegistry.class);
        await().atMost(WAIT).until(() -> registry.getListenerContainers().stream()
                .allMatch(c -> c.getAssignedPartitions() != null && !c.getAssignedPartitions().isEmpty()));
        return context;
    }

    @SuppressWarnings("unchecked")
    private static void send(ConfigurableApplicationContext context, List<? extends EventEnvelope<?>> events,
            List<EventEnvelope<?>> sent) throws Exception {
        KafkaTemplate<String, byte[]> kafka = context.getBean("outboxKafkaTemplate", KafkaTemplate.class);
        for (EventEnvelope<?> e : events) {
            kafka.send(new ProducerRecord<>(Topics.topicOf(e.data().getClass()).name(), e.key(),
                    EventCodec.toJson(e).getBytes(StandardCharsets.UTF_8))).get();
            sent.add(e);
        }
    }

    /** Commands of this saga only: the shared test context, if up, runs its own saga on the same events. */
    private static List<EventEnvelope<RcEvent>> mine(Target t, String saga, int expected) {
        List<EventEnvelope<RcEvent>> found = new ArrayList<>();
        await().atMost(WAIT).until(() -> {
            found.clear();
            KafkaProbe.read(Topics.DEPLOY_COMMANDS, r -> t.key().equals(r.key()), Integer.MAX_VALUE,
                    Duration.ofSeconds(1), Duration.ZERO).stream().map(r -> EventCodec.fromBytes(r.value()))
                    .filter(e -> saga.equals(sagaOf(e))).forEach(found::add);
            return found.size() >= expected;
        });
        return found;
    }

    private static String sagaOf(EventEnvelope<RcEvent> e) {
        return e.correlationid();
    }

    private static List<String> types(List<EventEnvelope<RcEvent>> events) {
        return events.stream().map(e -> e.data().getClass().getSimpleName()).toList();
    }

    private static String deploymentStatus(ConfigurableApplicationContext c, Target t) {
        return c.getBean(DatabaseClient.class).sql("SELECT status FROM target_deployments WHERE application = :app")
                .bind("app", t.application).map(r -> r.get("status", String.class)).one().block();
    }

    private static String sagaColumn(ConfigurableApplicationContext c, Target t, String column) {
        Map<String, Object> row = c.getBean(DatabaseClient.class)
                .sql("SELECT id::text AS id, status, branch FROM sagas WHERE application = :app")
                .bind("app", t.application).fetch().one().block();
        return row == null ? null : String.valueOf(row.get(column));
    }
}
