package io.releasecontrol.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.Strategy;
import io.releasecontrol.events.Topics;
import io.releasecontrol.runtime.testsupport.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Breach event -> first command on rc.deploy-commands, over many targets (default 1,000): latency
 * with breaches paced at a steady rate, then sagas per second with a burst on as many fresh
 * targets. Prints figures; asserts only that every breach got its command. Run with
 * {@code -Drc.benchmark=true [-Drc.benchmark.targets=1000]}.
 */
@EnabledIfSystemProperty(named = "rc.benchmark", matches = "true")
class BreachToCommandBenchmarkIT extends OrchestratorIT {

    private static final int TARGETS = Integer.getInteger("rc.benchmark.targets", 1000);
    /** pause between paced breaches */
    private static final Duration PACE = Duration.ofMillis(Long.getLong("rc.benchmark.pace-ms", 10));

    private final Map<String, Long> firstCommandAt = new ConcurrentHashMap<>();

    @Test
    void measuresBreachToFirstCommand() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<Target> paced = targets("bp" + run);
        List<Target> burst = targets("bb" + run);
        long setup = System.nanoTime();
        deployAll(paced, "bp" + run);
        deployAll(burst, "bb" + run);
        System.out.printf("BENCHMARK setup: %d targets with a running deployment in %d ms%n", 2 * TARGETS,
                (System.nanoTime() - setup) / 1_000_000);

        AtomicBoolean stop = new AtomicBoolean();
        Thread watcher = watchCommands(stop);
        try {
            Map<String, Long> sentAt = new ConcurrentHashMap<>();
            for (Target t : paced) {
                sentAt.put(t.key(), System.nanoTime());
                sendAsync(t.breach("2.0.0", 50.0));
                LockSupport.parkNanos(PACE.toNanos());
            }
            await().atMost(Duration.ofMinutes(5)).until(() -> paced.stream().allMatch(t -> firstCommandAt.containsKey(t.key())));
            long[] latencies = paced.stream().mapToLong(t -> firstCommandAt.get(t.key()) - sentAt.get(t.key()))
                    .sorted().toArray();
            System.out.printf("BENCHMARK breach -> first command, %d targets paced every %d ms: p50 %.1f ms,"
                            + " p90 %.1f ms, p99 %.1f ms, max %.1f ms%n", TARGETS, PACE.toMillis(), ms(latencies, 50),
                    ms(latencies, 90), ms(latencies, 99), latencies[latencies.length - 1] / 1e6);

            long burstStart = System.nanoTime();
            for (Target t : burst) {
                sentAt.put(t.key(), System.nanoTime());
                sendAsync(t.breach("2.0.0", 50.0));
            }
            kafka.flush();
            await().atMost(Duration.ofMinutes(5)).until(() -> burst.stream().allMatch(t -> firstCommandAt.containsKey(t.key())));
            long last = burst.stream().mapToLong(t -> firstCommandAt.get(t.key())).max().orElseThrow();
            long[] burstLatencies = burst.stream().mapToLong(t -> firstCommandAt.get(t.key()) - sentAt.get(t.key()))
                    .sorted().toArray();
            double seconds = (last - burstStart) / 1e9;
            System.out.printf("BENCHMARK burst of %d breaches: %.1f sagas/s (%.2f s to the last first command),"
                            + " latency p50 %.1f ms, p99 %.1f ms%n", TARGETS, TARGETS / seconds, seconds,
                    ms(burstLatencies, 50), ms(burstLatencies, 99));
            assertThat(firstCommandAt.keySet()).hasSizeGreaterThanOrEqualTo(2 * TARGETS);
        } finally {
            stop.set(true);
            watcher.join(10_000);
        }
    }

    private static List<Target> targets(String prefix) {
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < TARGETS; i++) {
            targets.add(new Target(prefix, "staging"));
        }
        return targets;
    }

    private void deployAll(List<Target> targets, String prefix) {
        for (Target t : targets) {
            t.deployed(deployment(), "1.0.0", null).forEach(this::sendAsync);
            t.running(deployment(), "2.0.0", "1.0.0", Strategy.ROLLING, 0).forEach(this::sendAsync);
        }
        kafka.flush();
        await().atMost(Duration.ofMinutes(10)).until(() -> db.sql("SELECT count(*) AS n FROM target_deployments"
                        + " WHERE application LIKE :prefix AND status = 'RUNNING'").bind("prefix", prefix + "-%")
                .map(r -> r.get("n", Long.class)).one().block() == TARGETS);
    }

    private void sendAsync(EventEnvelope<?> e) {
        kafka.send(new ProducerRecord<>(Topics.topicOf(e.data().getClass()).name(), e.key(),
                io.releasecontrol.events.serde.EventCodec.toJson(e).getBytes(StandardCharsets.UTF_8)));
    }

    /** Records when the first command for each target key arrives (reading from the current end). */
    private Thread watchCommands(AtomicBoolean stop) throws InterruptedException {
        AtomicBoolean ready = new AtomicBoolean();
        Thread thread = new Thread(() -> {
            Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(Topics.DEPLOY_COMMANDS));
                while (consumer.assignment().isEmpty()) {
                    consumer.poll(Duration.ofMillis(100));
                }
                consumer.seekToEnd(consumer.assignment());
                consumer.assignment().forEach(consumer::position);
                ready.set(true);
                while (!stop.get()) {
                    consumer.poll(Duration.ofMillis(20)).forEach(r -> firstCommandAt.putIfAbsent(r.key(), System.nanoTime()));
                }
            }
        }, "benchmark-command-watcher");
        thread.start();
        await().atMost(Duration.ofSeconds(60)).untilTrue(ready);
        return thread;
    }

    private static double ms(long[] sorted, int percentile) {
        int i = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

}
