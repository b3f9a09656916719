package io.releasecontrol.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.Strategy;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.serde.EventCodec;
import io.releasecontrol.runtime.testsupport.SharedKafka;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
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
 * {@code -Drc.benchmark=true [-Drc.benchmark.targets=1000] [-Drc.benchmark.pace-ms=10]
 * [-Drc.benchmark.warmup=200]}; the warm-up breaches (on their own targets) are not measured, the
 * very first one's latency is printed on its own.
 */
@EnabledIfSystemProperty(named = "rc.benchmark", matches = "true")
class BreachToCommandBenchmarkIT extends OrchestratorIT {

    private static final int TARGETS = Integer.getInteger("rc.benchmark.targets", 1000);
    /** pause between paced breaches */
    private static final Duration PACE = Duration.ofMillis(Long.getLong("rc.benchmark.pace-ms", 10));
    /** breaches on their own targets before measuring: the first ones after start-up load classes and JIT-compile */
    private static final int WARMUP = Integer.getInteger("rc.benchmark.warmup", 200);

    private final Map<String, Long> firstCommandAt = new ConcurrentHashMap<>();
    /** per target key: the first command's envelope time (decided) and record time (relayed), epoch micros */
    private final Map<String, long[]> firstCommandStages = new ConcurrentHashMap<>();

    @Test
    void measuresBreachToFirstCommand() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<Target> paced = targets("bp" + run);
        List<Target> burst = targets("bb" + run);
        List<Target> warmup = targets("bw" + run, WARMUP);
        long setup = System.nanoTime();
        deployAll(paced, "bp" + run);
        deployAll(burst, "bb" + run);
        deployAll(warmup, "bw" + run);
        System.out.printf("BENCHMARK setup: %d targets with a running deployment in %d ms%n", 2 * TARGETS + WARMUP,
                (System.nanoTime() - setup) / 1_000_000);

        AtomicBoolean stop = new AtomicBoolean();
        Thread watcher = watchCommands(stop);
        try {
            if (!warmup.isEmpty()) {
                long first = System.nanoTime();
                sendAsync(warmup.get(0).breach("2.0.0", 50.0));
                kafka.flush();
                await().atMost(Duration.ofMinutes(1)).until(() -> firstCommandAt.containsKey(warmup.get(0).key()));
                long firstMs = (firstCommandAt.get(warmup.get(0).key()) - first) / 1_000_000;
                for (Target t : warmup.subList(1, warmup.size())) {
                    sendAsync(t.breach("2.0.0", 50.0));
                    LockSupport.parkNanos(PACE.toNanos());
                }
                await().atMost(Duration.ofMinutes(5)).until(() -> warmup.stream().allMatch(t -> firstCommandAt.containsKey(t.key())));
                System.out.printf("BENCHMARK warm-up: the first breach after start-up took %d ms to its command;"
                        + " %d more breaches, not measured%n", firstMs, warmup.size() - 1);
            }
            Map<String, Long> sentAt = new ConcurrentHashMap<>();
            Map<String, Long> sentAtMicros = new ConcurrentHashMap<>();
            for (Target t : paced) {
                sentAtMicros.put(t.key(), micros(Instant.now()));
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
            // where the time goes: sent -> decided (the command's envelope time, inside the saga's
            // transaction), decided -> relayed (the record's timestamp, set by the relay's producer)
            long[] decided = paced.stream().mapToLong(t -> 1000 * (firstCommandStages.get(t.key())[0]
                    - sentAtMicros.get(t.key()))).sorted().toArray();
            long[] relayed = paced.stream().mapToLong(t -> 1000 * (firstCommandStages.get(t.key())[1]
                    - firstCommandStages.get(t.key())[0])).sorted().toArray();
            System.out.printf("BENCHMARK   of which breach sent -> saga decided p50 %.1f ms, p99 %.1f ms, max %.1f ms;"
                            + " decided -> relayed to Kafka p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", ms(decided, 50),
                    ms(decided, 99), decided[decided.length - 1] / 1e6, ms(relayed, 50), ms(relayed, 99),
                    relayed[relayed.length - 1] / 1e6);

            long burstCpu = processCpuNanos();
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
            double cpuMs = (processCpuNanos() - burstCpu) / 1e6;
            System.out.printf("BENCHMARK burst of %d breaches: %.1f sagas/s (%.2f s to the last first command),"
                            + " latency p50 %.1f ms, p99 %.1f ms; CPU %.1f ms per saga (this JVM: broker, PostgreSQL"
                            + " client, orchestrator, stand-ins, benchmark) over %.1f cores%n", TARGETS, TARGETS / seconds,
                    seconds, ms(burstLatencies, 50), ms(burstLatencies, 99), cpuMs / TARGETS,
                    Runtime.getRuntime().availableProcessors() * 1.0);
            assertThat(firstCommandAt.keySet()).hasSizeGreaterThanOrEqualTo(2 * TARGETS);
        } finally {
            stop.set(true);
            watcher.join(10_000);
        }
    }

    private static List<Target> targets(String prefix) {
        return targets(prefix, TARGETS);
    }

    private static List<Target> targets(String prefix, int count) {
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
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
                .map(r -> r.get("n", Long.class)).one().block() == targets.size());
    }

    private void sendAsync(EventEnvelope<?> e) {
        kafka.send(new ProducerRecord<>(Topics.topicOf(e.data().getClass()).name(), e.key(),
                EventCodec.toJson(e).getBytes(StandardCharsets.UTF_8)));
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
                    consumer.poll(Duration.ofMillis(20)).forEach(r -> {
                        if (firstCommandAt.putIfAbsent(r.key(), System.nanoTime()) == null) {
                            firstCommandStages.put(r.key(), new long[] {
                                    micros(EventCodec.fromBytes(r.value()).time()), 1000 * r.timestamp()});
                        }
                    });
                }
            }
        }, "benchmark-command-watcher");
        thread.start();
        await().atMost(Duration.ofSeconds(60)).untilTrue(ready);
        return thread;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
    }

    private static double ms(long[] sorted, int percentile) {
        int i = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

}
