package io.releasecontrol.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.events.Topics;
import io.releasecontrol.runtime.config.RcDefaultsEnvironmentPostProcessor;
import io.releasecontrol.runtime.testsupport.SharedKafka;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.StandardEnvironment;

/**
 * How long a consumer killed with SIGKILL holds up its partitions, with the settings every service
 * gets from {@link RcDefaultsEnvironmentPostProcessor} (and, with {@code -Drc.rebalance.before=true},
 * with the Kafka client's defaults, for the comparison in docs/operations.md). The member runs in a
 * process of its own ({@link RebalanceMember}) so the kill is a real one: no leave, no close.
 */
class ConsumerRebalanceIT {

    private static final String TOPIC = Topics.ALERTS;
    private static final int PARTITIONS = SharedKafka.PARTITIONS;

    /** Session and heartbeat of every service's consumers. */
    private static Map<String, String> ours() {
        var env = new StandardEnvironment();
        new RcDefaultsEnvironmentPostProcessor().postProcessEnvironment(env, new SpringApplication());
        return Map.of(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
                env.getProperty(RcDefaultsEnvironmentPostProcessor.SESSION_TIMEOUT),
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
                env.getProperty(RcDefaultsEnvironmentPostProcessor.HEARTBEAT_INTERVAL));
    }

    private static boolean before() {
        return Boolean.getBoolean("rc.rebalance.before");
    }

    @Test
    void aSurvivorTakesOverAKilledMembersPartitionsWithinTheSessionTimeout() throws Exception {
        Map<String, String> settings = before() ? Map.of() : ours();
        String group = "rebalance-takeover-" + UUID.randomUUID();
        try (Survivor survivor = new Survivor(group, settings)) {
            Member victim = Member.start(group, settings);
            victim.awaitAssigned(Duration.ofSeconds(60));
            survivor.awaitOwning(n -> n < PARTITIONS, Duration.ofSeconds(60));

            long killed = victim.kill();
            survivor.awaitOwning(n -> n == PARTITIONS, Duration.ofSeconds(120));
            Duration took = Duration.ofNanos(System.nanoTime() - killed);

            report("survivor takes over a killed member's partitions", settings, took);
            if (!before()) {
                assertThat(took).isLessThan(Duration.ofMillis(Long.parseLong(
                        settings.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG))).plusSeconds(8));
            }
        }
    }

    @Test
    void aKilledMemberRestartedWithItsInstanceIdGetsItsPartitionsBackAtOnce() throws Exception {
        // the one instance of a service, killed and started again (what the chaos runs do)
        Duration dynamic = restart(new java.util.HashMap<>(before() ? Map.of() : ours()));
        var staticMember = new java.util.HashMap<>(before() ? Map.of() : ours());
        staticMember.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "rebalance-it-1");
        Duration statically = restart(staticMember);

        report("killed single member restarted, dynamic membership", dynamic.toMillis());
        report("killed single member restarted, static membership (same group.instance.id)", statically.toMillis());
        if (!before()) {
            assertThat(statically).isLessThan(dynamic);
        }
    }

    /** From the kill of the group's only member to its restarted process owning every partition. */
    private static Duration restart(Map<String, String> settings) throws Exception {
        String group = "rebalance-restart-" + UUID.randomUUID();
        Member first = Member.start(group, settings);
        first.awaitAssigned(Duration.ofSeconds(60));
        long killed = first.kill();
        Member second = Member.start(group, settings);
        try {
            second.awaitAssigned(Duration.ofSeconds(120));
            return Duration.ofNanos(System.nanoTime() - killed);
        } finally {
            second.kill();
        }
    }

    private static void report(String what, Map<String, String> settings, Duration took) {
        System.out.printf("rebalance: %s: %d ms (settings %s)%n", what, took.toMillis(),
                settings.isEmpty() ? "client defaults" : settings);
    }

    private static void report(String what, long ms) {
        System.out.printf("rebalance: %s: %d ms (%s)%n", what, ms, before() ? "client defaults" : "our settings");
    }

    /** A member in a child JVM. */
    private record Member(Process process, BlockingQueue<Integer> assigned) {

        static Member start(String group, Map<String, String> settings) throws Exception {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-cp", System.getProperty("java.class.path"), RebalanceMember.class.getName(),
                    SharedKafka.bootstrapServers(), TOPIC, group));
            settings.forEach((k, v) -> command.add(k + "=" + v));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            BlockingQueue<Integer> assigned = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> {
                try (var in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (line.startsWith("ASSIGNED ")) {
                            assigned.add(Integer.parseInt(line.substring(9).trim()));
                        }
                    }
                } catch (Exception e) {
                    // the process was killed
                }
            }, "rebalance-member-out");
            reader.setDaemon(true);
            reader.start();
            return new Member(p, assigned);
        }

        void awaitAssigned(Duration max) throws InterruptedException {
            long end = System.nanoTime() + max.toNanos();
            Integer n;
            do {
                n = assigned.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (n == null) {
                    throw new AssertionError("member got no partitions within " + max);
                }
            } while (n == 0);
        }

        /** SIGKILL; returns when it was sent (System.nanoTime). */
        long kill() throws InterruptedException {
            long at = System.nanoTime();
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            return at;
        }
    }

    /** A member in this JVM that stays; counts the partitions it owns. */
    private static final class Survivor implements AutoCloseable {
        private final AtomicInteger owned = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Survivor(String group, Map<String, String> settings) {
            thread = new Thread(() -> {
                try (var consumer = RebalanceMember.consumer(SharedKafka.bootstrapServers(), group, settings)) {
                    consumer.subscribe(List.of(TOPIC), new ConsumerRebalanceListener() {
                        @Override
                        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                            owned.addAndGet(-partitions.size());
                        }

                        @Override
                        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                            owned.set(consumer.assignment().size());
                        }
                    });
                    while (running.get()) {
                        consumer.poll(Duration.ofMillis(100));
                    }
                }
            }, "rebalance-survivor");
            thread.start();
        }

        void awaitOwning(java.util.function.IntPredicate what, Duration max) throws InterruptedException {
            long end = System.nanoTime() + max.toNanos();
            while (!(owned.get() > 0 && what.test(owned.get()))) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("survivor owns " + owned.get() + " partitions after " + max);
                }
                Thread.sleep(20);
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(30_000);
        }
    }
}
