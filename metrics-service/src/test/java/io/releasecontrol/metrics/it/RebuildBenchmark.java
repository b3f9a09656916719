package io.releasecontrol.metrics.it;

import io.releasecontrol.events.Topics;
import io.releasecontrol.events.metric.MetricSampleRecorded;
import io.releasecontrol.events.serde.EventCodec;
import io.releasecontrol.metrics.MetricsServiceApplication;
import io.releasecontrol.metrics.evaluation.Evaluator;
import io.releasecontrol.metrics.ownership.PartitionOwnership;
import io.releasecontrol.runtime.testsupport.RcInfrastructureInitializer;
import io.releasecontrol.runtime.testsupport.RcIntegrationTest;
import io.releasecontrol.runtime.testsupport.SharedKafka;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * How long an instance takes to rebuild its targets' state after a restart: {@code bench.targets}
 * targets with {@code bench.instances} instances each report every 5 s for one retention (5 min);
 * a first instance evaluates, stores and commits them live, then a second one starts and replays
 * them (its figure: from the assignment to the last partition rebuilt). Prints, asserts nothing
 * about speed; not part of {@code verify}. Run:
 * {@code ./mvnw -B -o -pl metrics-service verify -Dit.test=RebuildBenchmark -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false [-Dbench.targets=1000 -Dbench.instances=5]}
 */
@RcIntegrationTest
class RebuildBenchmark {

    @Autowired
    KafkaListenerEndpointRegistry registry;

    private static ConfigurableApplicationContext instance() {
        return new SpringApplicationBuilder(MetricsServiceApplication.class)
                .initializers(new RcInfrastructureInitializer())
                .run("--server.port=0", "--spring.main.banner-mode=off", "--logging.level.root=WARN",
                        "--logging.level.io.releasecontrol.metrics.ownership=INFO");
    }

    @Test
    void rebuildAfterARestart() throws Exception {
        int targets = Integer.getInteger("bench.targets", 1000);
        int instances = Integer.getInteger("bench.instances", 5);
        int steps = 60;
        MessageListenerContainer testContainer = registry.getListenerContainer("metric-samples");
        testContainer.stop();
        try {
            Instant t0 = Instant.now().minus(Duration.ofMinutes(6)).truncatedTo(ChronoUnit.SECONDS);
            String lastApp = "rebuild-" + (targets - 1);
            try (ConfigurableApplicationContext first = instance()) {
                long sent = 0;
                long start = System.nanoTime();
                try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                        ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 262_144,
                        ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), new StringSerializer(), new ByteArraySerializer())) {
                    for (int step = 0; step < steps; step++) {
                        for (int t = 0; t < targets; t++) {
                            for (int i = 0; i < instances; i++) {
                                var s = new MetricSampleRecorded("rebuild-" + t, "staging", "1.0.0", "i" + i,
                                        t0.plusSeconds(5L * step).plusMillis(i), 100L, (step + i) % 40 == 0 ? 1L : 0L, 0L,
                                        120.0, 0.3, 0.4, 10L);
                                producer.send(new ProducerRecord<>(Topics.METRIC_SAMPLES, s.key(),
                                        EventCodec.toBytes(ItSupport.envelope(s))));
                                sent++;
                            }
                        }
                    }
                    producer.flush();
                }
                System.out.printf("rebuild: %d samples (%d targets x %d instances x %d steps) produced in %.1f s%n", sent,
                        targets, instances, steps, (System.nanoTime() - start) / 1e9);
                Instant last = t0.plusSeconds(5L * (steps - 1)).plusMillis(instances - 1);
                Awaitility.await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(500)).until(() ->
                        first.getBean(Evaluator.class).clock(lastApp, "staging").filter(last::equals).isPresent());
                System.out.printf("rebuild: evaluated, stored and committed live by the first instance in %.1f s%n",
                        (System.nanoTime() - start) / 1e9);
                // let the last acknowledgements commit before the clean close
                Thread.sleep(3000);
            }
            long start = System.nanoTime();
            try (ConfigurableApplicationContext second = instance()) {
                double startup = (System.nanoTime() - start) / 1e9;
                PartitionOwnership ownership = second.getBean(PartitionOwnership.class);
                Awaitility.await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100))
                        .until(() -> ownership.lastRebuild().isPresent());
                Evaluator evaluator = second.getBean(Evaluator.class);
                System.out.printf("rebuild: second instance started in %.1f s; state of %d target-versions rebuilt in %.2f s"
                        + " (from the partitions' assignment); %s's clock %s%n", startup, evaluator.windows(),
                        ownership.lastRebuild().get().toMillis() / 1000.0, lastApp,
                        evaluator.clock(lastApp, "staging").orElse(null));
            }
        } finally {
            testContainer.start();
        }
    }
}
