package io.releasecontrol.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.releasecontrol.e2e.EventLog.Event;
import io.releasecontrol.events.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/**
 * metrics-service scaled out (the e2e stack runs {@link LocalStack#METRICS_INSTANCES} instances
 * sharing rc.metric-samples' partitions, the gateway balancing over them): many targets' samples
 * posted one request per target through the gateway, so every instance takes some; after 20 healthy
 * seconds each target's regression is detected once, by the owner of its partition — also the targets of an instance
 * SIGKILLed in the middle of the regression, whose partitions the others take over and rebuild
 * from the topic; the killed instance is started again, rejoins, and each target recovers once, the
 * recovery closing the breach that opened.
 */
class MetricsScaleOutIT {

    private static final LocalStack stack = LocalStack.shared();
    private static final Api api = new Api(stack.gatewayUrl(), stack.adminKey());
    private static final int TARGETS = 9;
    private static final Duration WAIT = Duration.ofSeconds(Long.getLong("rc.e2e.scaleWaitSeconds", 120));
    private static final Pattern HELD = Pattern.compile("holds rc\\.metric-samples partitions \\[([0-9, ]*)\\]");

    /** One target's samples: two instances of 1.0.0, one second of ~60 requests each per tick. */
    private record Target(String app) {
        Map<String, Object> sample(String instance, Instant at, double errorRate, int tick) {
            long requests = 60 + (tick * 7 + instance.hashCode()) % 9;
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("application", app);
            s.put("environment", "staging");
            s.put("version", "1.0.0");
            s.put("instance", instance);
            s.put("time", at.toString());
            s.put("requests", requests);
            long errors = Math.round(requests * errorRate + (errorRate > 0.05 ? (tick % 3) - 1 : 0));
            s.put("errors", Math.max(0, errors));
            s.put("http5xx", 0);
            s.put("latencyP95Ms", 180 + tick % 20);
            return s;
        }

        String key() {
            return app + ":staging";
        }
    }

    @Test
    void eachTargetIsJudgedOnceByItsOwnerThroughAKillAndARejoin() throws Exception {
        List<String> instances = stack.metricsInstances();
        assumeTrue(stack.ownsProcesses() && instances.size() >= 3, "needs the stack's own scaled-out metrics-service");
        String run = HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
        int partitions = partitionCount();
        // every partition gets a target before any gets a second, so whichever instance dies owned some
        // (with names left to chance, 9 targets missed both of the victim's 2 partitions of 6 about 1 run in 40)
        List<Target> targets = new ArrayList<>();
        Set<Integer> covered = new HashSet<>();
        for (int i = 0; targets.size() < TARGETS; i++) {
            Target t = new Target("scale-" + run + "-" + i);
            if (covered.add(partitionOf(t.key(), partitions)) || covered.size() == partitions) {
                targets.add(t);
            }
        }
        Set<String> keys = new HashSet<>();
        targets.forEach(t -> keys.add(t.key()));
        // sample time starts minutes back and moves a second per tick: it never runs ahead of the clock
        Instant[] clock = {Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofSeconds(280))};
        int[] tick = {0};

        for (int i = 0; i < 20; i++) {
            tick(targets, clock, tick, 0.005);
        }
        assertThat(alerts(keys)).as("alerts after 20 healthy seconds").allSatisfy((k, events) -> assertThat(events).isEmpty());

        // the regression begins; two seconds in, one instance dies without a word
        tick(targets, clock, tick, 0.12);
        tick(targets, clock, tick, 0.12);
        String victim = instances.get(1);
        Set<Integer> victimPartitions = claimedPartitions(victim);
        stack.kill(victim);
        List<String> orphaned = targets.stream().map(Target::key)
                .filter(k -> victimPartitions.contains(partitionOf(k, partitions)))
                .toList();
        System.out.printf("scale-out: killed %s, owner of partitions %s (of %d): its targets %s%n", victim,
                victimPartitions, partitions, orphaned);
        assertThat(orphaned).as("targets on the killed instance's partitions").isNotEmpty();

        Map<String, List<Event>> seen = tickUntil(targets, clock, tick, 0.12, keys,
                events -> events.stream().anyMatch(e -> e.shortType().endsWith("-breached")));
        for (String key : keys) {
            List<Event> breaches = seen.get(key).stream().filter(e -> e.shortType().endsWith("-breached")).toList();
            assertThat(breaches.stream().map(Event::id).distinct()).as("breaches of " + key + ": " + breaches).hasSize(1);
        }

        // back: it rejoins, the partitions move again; healthy samples until every target recovered
        stack.restart(victim);
        Map<String, List<Event>> after = tickUntil(targets, clock, tick, 0.005, keys,
                events -> events.stream().anyMatch(e -> e.shortType().equals("alert.metrics-recovered")));
        for (String key : keys) {
            List<Event> events = after.get(key);
            List<Event> breaches = events.stream().filter(e -> e.shortType().endsWith("-breached")).toList();
            List<Event> recoveries = events.stream().filter(e -> e.shortType().equals("alert.metrics-recovered")).toList();
            assertThat(breaches.stream().map(Event::id).distinct()).as("breaches of " + key + ": " + events).hasSize(1);
            assertThat(recoveries.stream().map(Event::id).distinct()).as("recoveries of " + key + ": " + events).hasSize(1);
            assertThat(recoveries.get(0).data().path("evidence").path("rule").asText())
                    .isEqualTo(breaches.get(0).data().path("evidence").path("rule").asText());
            System.out.printf("scale-out: %s %s: %d breach record(s), %d recovery record(s)%n", key,
                    orphaned.contains(key) ? "(orphaned)" : "", breaches.size(), recoveries.size());
        }
        // reads of every target answer from any instance (forwarded to the owner)
        for (Target t : targets) {
            JsonNode health = api.get("/api/v1/metrics/health?application=" + t.app() + "&environment=staging");
            assertThat(health.path("versions").get(0).path("status").asText()).as("health of " + t.app()).isEqualTo("healthy");
        }
    }

    /** One second of samples for every target, one request each (the gateway balances them). */
    private static void tick(List<Target> targets, Instant[] clock, int[] tick, double errorRate) throws InterruptedException {
        // sample time never runs ahead of the clock
        long ahead = Duration.between(Instant.now(), clock[0]).toMillis();
        if (ahead > 0) {
            Thread.sleep(ahead);
        }
        for (Target t : targets) {
            List<Map<String, Object>> batch = List.of(t.sample("a", clock[0], errorRate, tick[0]),
                    t.sample("b", clock[0].plusMillis(1), errorRate, tick[0]));
            post(batch);
        }
        clock[0] = clock[0].plusSeconds(1);
        tick[0]++;
    }

    /** A post that reached a dead instance (through the gateway) is sent again, as a client would. */
    private static void post(List<Map<String, Object>> batch) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            Api.Answer answer = api.attempt("POST", "/api/v1/metrics/samples", batch);
            if (answer.status() == 202) {
                assertThat(answer.body().path("accepted").asInt()).isEqualTo(batch.size());
                return;
            }
            assertThat(attempt).as("POST samples answered " + answer.status() + " " + answer.body()).isLessThan(30);
            Thread.sleep(200);
        }
    }

    private static Map<String, List<Event>> tickUntil(List<Target> targets, Instant[] clock, int[] tick, double errorRate,
            Set<String> keys, Predicate<List<Event>> done) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            // three seconds of samples between reads of the topic (each read is a new consumer)
            for (int i = 0; i < 3; i++) {
                tick(targets, clock, tick, errorRate);
            }
            Map<String, List<Event>> events = alerts(keys);
            if (keys.stream().allMatch(k -> done.test(events.getOrDefault(k, List.of())))) {
                return events;
            }
            assertThat(System.nanoTime()).as("every target within " + WAIT + ": " + events).isLessThan(deadline);
        }
    }

    private static Map<String, List<Event>> alerts(Set<String> keys) {
        Map<String, List<Event>> events = new LinkedHashMap<>(EventLog.read(stack.kafkaBootstrap(), keys, List.of(Topics.ALERTS)));
        keys.forEach(k -> events.putIfAbsent(k, List.of()));
        return events;
    }

    /** The partitions the instance held at its last assignment (its log: "holds rc.metric-samples partitions [..]"). */
    private static Set<Integer> claimedPartitions(String instance) throws IOException {
        Path log = stack.logs().resolve(instance + ".log");
        Set<Integer> last = Set.of();
        for (String line : Files.readAllLines(log)) {
            Matcher m = HELD.matcher(line);
            if (m.find()) {
                Set<Integer> claimed = new HashSet<>();
                for (String p : m.group(1).split(",\\s*")) {
                    if (!p.isBlank()) {
                        claimed.add(Integer.parseInt(p.trim()));
                    }
                }
                last = claimed;
            }
        }
        return last;
    }

    /** The partition the producer's default partitioner puts a record with this key on. */
    private static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % partitions;
    }

    private static int partitionCount() {
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.<String, Object>of("bootstrap.servers",
                stack.kafkaBootstrap()))) {
            return admin.describeTopics(List.of(Topics.METRIC_SAMPLES)).allTopicNames().get().get(Topics.METRIC_SAMPLES)
                    .partitions().size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
