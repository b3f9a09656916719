package io.releasecontrol.metrics.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.RcEvent;
import io.releasecontrol.events.TargetKey;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.metric.MetricSampleRecorded;
import io.releasecontrol.events.serde.EventCodec;
import io.releasecontrol.metrics.MetricsServiceApplication;
import io.releasecontrol.metrics.evaluation.Evaluator;
import io.releasecontrol.metrics.gate.GateSettings;
import io.releasecontrol.metrics.policy.AnalysisPolicies;
import io.releasecontrol.metrics.ownership.PartitionOwnership;
import io.releasecontrol.metrics.ownership.TargetPartitions;
import io.releasecontrol.runtime.identity.IdentityCodec;
import io.releasecontrol.runtime.testsupport.KafkaProbe;
import io.releasecontrol.runtime.testsupport.RcInfrastructureInitializer;
import io.releasecontrol.runtime.testsupport.RcIntegrationTest;
import io.releasecontrol.runtime.testsupport.SharedKafka;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Two instances share rc.metric-samples' partitions: every target's samples are evaluated by the
 * one that owns its partition (one breach per target on rc.alerts, the other instance holds no
 * state of it), and either instance answers its health — the one that does not own it forwards the
 * request to the owner. A policy written through a third instance (the test context) reaches both at
 * once, through rc.analysis, not at their next periodic reload (set to an hour here), and so does a
 * global rule. The test
 * context's own sample consumer is stopped meanwhile.
 */
@RcIntegrationTest
class OwnerForwardingIT {

    @Autowired
    KafkaListenerEndpointRegistry registry;

    @Autowired
    WebTestClient web;

    private static ConfigurableApplicationContext instance() {
        int port = freePort();
        return new SpringApplicationBuilder(MetricsServiceApplication.class)
                .initializers(new RcInfrastructureInitializer())
                // arguments, not default properties: application.yml's server.port would win over those
                .run("--server.port=" + port, "--spring.main.banner-mode=off",
                        "--rc.metrics.advertised-url=http://127.0.0.1:" + port,
                        // only the rc.analysis listener can bring them a policy change within the test
                        "--rc.metrics.rules-refresh=PT1H");
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static WebTestClient client(ConfigurableApplicationContext instance) {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + instance.getEnvironment()
                .getProperty("local.server.port")).responseTimeout(Duration.ofSeconds(30)).build();
    }

    private static boolean owns(ConfigurableApplicationContext instance, String app) {
        return instance.getBean(PartitionOwnership.class).owns(TargetPartitions.partitionOf(TargetKey.of(app, "staging"),
                SharedKafka.PARTITIONS));
    }

    @Test
    void eachTargetIsEvaluatedByItsPartitionsOwnerAndReadFromEitherInstance() {
        MessageListenerContainer testContainer = registry.getListenerContainer("metric-samples");
        testContainer.stop();
        try (ConfigurableApplicationContext a = instance(); ConfigurableApplicationContext b = instance()) {
            // the group settled: each partition held by exactly one of the two, both hold some
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> IntStream.range(0, SharedKafka.PARTITIONS)
                    .allMatch(p -> a.getBean(PartitionOwnership.class).owns(p) ^ b.getBean(PartitionOwnership.class).owns(p))
                    && IntStream.range(0, SharedKafka.PARTITIONS).anyMatch(p -> a.getBean(PartitionOwnership.class).owns(p))
                    && IntStream.range(0, SharedKafka.PARTITIONS).anyMatch(p -> b.getBean(PartitionOwnership.class).owns(p)));

            List<String> apps = IntStream.range(0, 8).mapToObj(i -> "owned-" + i).toList();
            assertThat(apps).anyMatch(app -> owns(a, app)).anyMatch(app -> owns(b, app));
            Instant t0 = ItSupport.past();
            List<MetricSampleRecorded> samples = new ArrayList<>();
            for (String app : apps) {
                samples.addAll(ItSupport.errors(app, "1.0.0", t0, 2, 0, 60, 0.01));
                samples.addAll(ItSupport.errors(app, "1.0.0", t0, 2, 60, 180, 0.20));
            }
            ItSupport.produce(samples);

            for (String app : apps) {
                List<EventEnvelope<RcEvent>> alerts = new ArrayList<>();
                KafkaProbe.read(Topics.ALERTS, r -> (app + ":staging").equals(r.key()), 1, Duration.ofSeconds(40),
                        Duration.ofSeconds(1)).forEach(r -> alerts.add(EventCodec.fromBytes(r.value())));
                assertThat(alerts).as("alerts of " + app).extracting(e -> e.data().getClass().getSimpleName())
                        .containsExactly("ErrorRateBreached");
                ConfigurableApplicationContext owner = owns(a, app) ? a : b;
                ConfigurableApplicationContext other = owner == a ? b : a;
                assertThat(owner.getBean(Evaluator.class).health(app, "staging")).as("the owner's state of " + app)
                        .isPresent();
                assertThat(other.getBean(Evaluator.class).health(app, "staging")).as("the other's state of " + app)
                        .isEmpty();
                for (ConfigurableApplicationContext asked : List.of(a, b)) {
                    client(asked).get().uri("/api/v1/metrics/health?application={app}&environment=staging", app)
                            .header(IdentityCodec.HEADER, ItSupport.as("viewer")).exchange()
                            .expectStatus().isOk().expectBody()
                            .jsonPath("$.versions[0].version").isEqualTo("1.0.0")
                            .jsonPath("$.versions[0].status").isEqualTo("breached");
                }
            }
            // not forwarded without a verified identity: refused where it lands
            String foreign = apps.stream().filter(app -> !owns(a, app)).findFirst().orElseThrow();
            client(a).get().uri("/api/v1/metrics/health?application={app}&environment=staging", foreign).exchange()
                    .expectStatus().isUnauthorized();

            // a policy written through the test context: both instances use it within seconds, and its removal too
            for (ConfigurableApplicationContext instance : List.of(a, b)) {
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !instance.getBean(
                        KafkaListenerEndpointRegistry.class).getListenerContainer("analysis-changes").getAssignedPartitions()
                        .isEmpty());
            }
            String app = apps.get(0);
            web.mutate().responseTimeout(Duration.ofSeconds(30)).build().put()
                    .uri("/api/v1/applications/{app}/analysis?environment=staging", app)
                    .header(IdentityCodec.HEADER, ItSupport.as("admin")).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("rules", List.of(), "gate", Map.of("minRequests", 4321))).exchange()
                    .expectStatus().isOk();
            Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(List.of(a, b))
                    .allMatch(i -> i.getBean(AnalysisPolicies.class).gateFor(app, "staging").minRequests() == 4321));
            web.delete().uri("/api/v1/applications/{app}/analysis?environment=staging", app)
                    .header(IdentityCodec.HEADER, ItSupport.as("admin")).exchange().expectStatus().isNoContent();
            Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(List.of(a, b))
                    .allMatch(i -> i.getBean(AnalysisPolicies.class).gateFor(app, "staging").equals(GateSettings.DEFAULT)));

            // a global rule written through the test context: both instances judge by it within seconds too.
            // Disabled, so that it changes no verdict of the tests that share this store.
            var rule = Map.of("metric", "latencyP95Ms", "comparator", ">", "threshold", 31000, "severity", "info",
                    "action", "alert", "window", "PT1M", "enabled", false);
            web.put().uri("/api/v1/rules/owner-forwarding-broadcast").header(IdentityCodec.HEADER, ItSupport.as("admin"))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(rule).exchange().expectStatus().isOk();
            Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(List.of(a, b))
                    .allMatch(i -> i.getBean(Evaluator.class).rules().stream()
                            .anyMatch(r -> r.id().equals("owner-forwarding-broadcast") && r.threshold() == 31000)));
        } finally {
            testContainer.start();
            // back as the owner of every partition (and recorded so) before the next test reads through it
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> testContainer.getAssignedPartitions() != null
                    && testContainer.getAssignedPartitions().size() == io.releasecontrol.runtime.testsupport.SharedKafka.PARTITIONS);
        }
    }
}
