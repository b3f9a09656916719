package io.releasecontrol.metrics.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.RcEvent;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.serde.EventCodec;
import io.releasecontrol.metrics.MetricsServiceApplication;
import io.releasecontrol.metrics.evaluation.Evaluator;
import io.releasecontrol.metrics.evaluation.TargetHealth;
import io.releasecontrol.runtime.testsupport.KafkaProbe;
import io.releasecontrol.runtime.testsupport.RcInfrastructureInitializer;
import io.releasecontrol.runtime.testsupport.RcIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The only instance restarts with a breach open: the next one rebuilds the target's windows and
 * rule states from {@code rc.metric-samples} before it evaluates anything new, so the breach is
 * still open (no second {@code ErrorRateBreached}), its window holds the samples from before the
 * restart, and the recovery that follows closes the first instance's breach. The test context's own
 * sample consumer is stopped meanwhile: the two instances started here are the group's only members.
 */
@RcIntegrationTest
class RestartRebuildIT {

    private static final String RULE = "error-rate-5pct";

    @Autowired
    KafkaListenerEndpointRegistry registry;

    private static ConfigurableApplicationContext instance() {
        return new SpringApplicationBuilder(MetricsServiceApplication.class)
                .initializers(new RcInfrastructureInitializer())
                // arguments, not default properties: application.yml's server.port would win over those
                .run("--server.port=0", "--spring.main.banner-mode=off");
    }

    private static List<EventEnvelope<RcEvent>> alerts(String app, int expected, Duration settle) {
        List<EventEnvelope<RcEvent>> out = new ArrayList<>();
        KafkaProbe.read(Topics.ALERTS, r -> (app + ":staging").equals(r.key()), expected, Duration.ofSeconds(40), settle)
                .forEach(r -> out.add(EventCodec.fromBytes(r.value())));
        return out;
    }

    private static Optional<TargetHealth.RuleHealth> rule(ConfigurableApplicationContext instance, String app) {
        return instance.getBean(Evaluator.class).health(app, "staging").flatMap(h -> h.versions().stream()
                .flatMap(v -> v.rules().stream()).filter(r -> r.rule().equals(RULE)).findFirst());
    }

    @Test
    void aBreachOpenAtARestartStaysOpenWithItsWindowAndIsClosedOnceByTheNextInstance() {
        String app = "restart-rebuild";
        Instant t0 = ItSupport.past();
        MessageListenerContainer testContainer = registry.getListenerContainer("metric-samples");
        testContainer.stop();
        try {
            int windowBefore;
            try (ConfigurableApplicationContext first = instance()) {
                ItSupport.produce(ItSupport.errors(app, "1.0.0", t0, 2, 0, 60, 0.01));
                ItSupport.produce(ItSupport.errors(app, "1.0.0", t0, 2, 60, 180, 0.20));
                assertThat(alerts(app, 1, Duration.ofSeconds(2))).extracting(e -> e.data().getClass().getSimpleName())
                        .containsExactly("ErrorRateBreached");
                // every sample evaluated and its offset committed: the second instance replays them all, none live
                Instant last = t0.plusSeconds(175).plusMillis(1);
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> rule(first, app)
                        .filter(r -> last.equals(r.lastEvaluatedAt())).isPresent());
                ItSupport.awaitCommitted();
                windowBefore = rule(first, app).orElseThrow().samples();
            }

            try (ConfigurableApplicationContext second = instance()) {
                // rebuilt before anything new arrives: the breach open, the window as the first instance left it
                Awaitility.await().atMost(Duration.ofSeconds(40)).until(() -> rule(second, app)
                        .filter(r -> "breached".equals(r.status())).isPresent());
                assertThat(rule(second, app).orElseThrow().samples()).isEqualTo(windowBefore).isPositive();

                ItSupport.produce(ItSupport.errors(app, "1.0.0", t0, 2, 180, 300, 0.01));
                List<EventEnvelope<RcEvent>> all = alerts(app, 2, Duration.ofSeconds(3));
                assertThat(all).extracting(e -> e.data().getClass().getSimpleName())
                        .containsExactly("ErrorRateBreached", "MetricsRecovered");
                // the recovery closes the breach the first instance opened
                assertThat(all.get(1).correlationid()).isEqualTo(all.get(0).id());
                assertThat(rule(second, app).orElseThrow().status()).isNotEqualTo("breached");
            }
        } finally {
            testContainer.start();
            // back as the owner of every partition (and recorded so) before the next test reads through it
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> testContainer.getAssignedPartitions() != null
                    && testContainer.getAssignedPartitions().size() == io.releasecontrol.runtime.testsupport.SharedKafka.PARTITIONS);
        }
    }
}
