package io.releasecontrol.bench;

import io.releasecontrol.demo.GatewayClient;
import io.releasecontrol.demo.SampleTrace;
import io.releasecontrol.events.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;

/**
 * From a breaching metric sample accepted at the gateway to the orchestrator's rollback command on
 * rc.deploy-commands and to {@code RollbackCompleted} on rc.rollback-sagas, per target, over many
 * targets. Each target ({@code bench-<run>:tNNNN}) first gets 1.0.0 (rolling) and 1.1.0 (blue-green,
 * so at 100 %: the decision is an immediate full rollback) through the gateway on the simulated
 * executor; then a minute of healthy samples of 1.1.0 and all but the last of the 12 %-error samples
 * that breach the error-rate rule; then, one target after another at a steady pace, the sample that
 * completes the breach, timed from sending it (through the gateway, onto rc.metric-samples, evaluated
 * by metrics-service's consumer). The events are read from the topics by a plain consumer.
 */
final class BreachToRollback {

    record Result(int targets, double[] toCommand, double[] toCompleted, int breachesSeen, double setupSeconds,
            double deploymentSeconds) {
    }

    private static final Duration WAIT = Duration.ofMinutes(10);

    private final GatewayClient api;
    private final String bootstrap;
    private final String app = "bench-" + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
    private final Map<String, Long> succeeded = new ConcurrentHashMap<>();
    private final Map<String, String> failedDeployments = new ConcurrentHashMap<>();
    private final Map<String, Long> firstCommand = new ConcurrentHashMap<>();
    /** each target's first breach on rc.alerts (samples are evaluated after the ingest's 202) */
    private final Map<String, Long> breached = new ConcurrentHashMap<>();
    private final Map<String, Long> completed = new ConcurrentHashMap<>();
    private final Map<String, String> failedSagas = new ConcurrentHashMap<>();

    BreachToRollback(GatewayClient api, String bootstrap) {
        this.api = api;
        this.bootstrap = bootstrap;
    }

    Result run(int targets, Duration pace, int concurrency) throws Exception {
        List<String> envs = new ArrayList<>();
        for (int i = 0; i < targets; i++) {
            envs.add(String.format("t%04d", i));
        }
        AtomicBoolean stop = new AtomicBoolean();
        Thread watcher = watch(stop);
        try {
            long setup = System.nanoTime();
            api.post("/api/v1/applications", Map.of("name", app, "description", "rc bench", "owner", "rc-bench"));
            for (String v : List.of("1.0.0", "1.1.0")) {
                api.post("/api/v1/applications/" + app + "/versions", Map.of("version", v, "name", "bench " + v,
                        "releaseDate", "2026-11-20", "breaking", false, "changes", List.of(Map.of("type", "feature",
                                "module", "core", "title", "bench " + v, "priority", "low", "impact", "minor")),
                        "migrations", List.of()));
            }
            System.out.printf("bench: breach→rollback: %s, %d targets: deploying 1.0.0 (rolling) then 1.1.0 (blue-green)%n",
                    app, targets);
            List<String> stable = deployAll(envs, "1.0.0", "rolling", concurrency);
            double deploymentSeconds = deploymentSeconds(stable.get(0));
            deployAll(envs, "1.1.0", "blue-green", concurrency);

            // the breach needs k samples of 12 % errors after a healthy minute; the first target tells k
            List<SampleTrace> traces = envs.stream().map(e -> new SampleTrace(app, e, "1.1.0")).toList();
            List<List<Map<String, Object>>> prefixes = new ArrayList<>();
            for (SampleTrace t : traces) {
                List<Map<String, Object>> prefix = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    prefix.addAll(t.stableOnly(0.005));
                }
                prefixes.add(prefix);
            }
            post(List.of(prefixes.get(0)), 1);
            String calibration = app + ":" + envs.get(0);
            int k = 0;
            do {
                if (++k > 30) {
                    throw new IllegalStateException("no breach after 30 samples at 12 % errors: are the seed rules changed?");
                }
                api.post("/api/v1/metrics/samples", traces.get(0).stableOnly(0.12));
            } while (!breachedWithin(calibration, Duration.ofSeconds(2)));
            for (int t = 1; t < targets; t++) {
                for (int i = 1; i < k; i++) {
                    prefixes.get(t).addAll(traces.get(t).stableOnly(0.12));
                }
            }
            post(prefixes.subList(1, targets), concurrency);
            double setupSeconds = (System.nanoTime() - setup) / 1e9;
            // the first target breached during calibration: wait for its rollback so it does not overlap the timed ones
            awaitAll("the calibration target's rollback", () -> completed.containsKey(app + ":" + envs.get(0)));
            System.out.printf("bench: breach→rollback: set up in %.1f s; breach after %d samples of 12 %% errors;"
                    + " timing %d breaches paced %d ms apart%n", setupSeconds, k, targets - 1, pace.toMillis());

            Map<String, Long> sentAt = new ConcurrentHashMap<>();
            if (breached.size() > 1) {
                throw new IllegalStateException("a prefix breached already: " + breached.keySet());
            }
            for (int t = 1; t < targets; t++) {
                List<Map<String, Object>> last = traces.get(t).stableOnly(0.12);
                String key = app + ":" + envs.get(t);
                sentAt.put(key, System.nanoTime());
                api.post("/api/v1/metrics/samples", last);
                LockSupport.parkNanos(pace.toNanos());
            }
            awaitAll("RollbackCompleted of every target", () -> sentAt.keySet().stream()
                    .allMatch(key -> completed.containsKey(key) || failedSagas.containsKey(key)));
            if (!failedSagas.isEmpty()) {
                System.out.printf("bench: %d rollbacks failed, e.g. %s%n", failedSagas.size(), failedSagas.entrySet().iterator().next());
            }
            double[] toCommand = sentAt.entrySet().stream().filter(e -> firstCommand.containsKey(e.getKey()))
                    .mapToDouble(e -> (firstCommand.get(e.getKey()) - e.getValue()) / 1e6).sorted().toArray();
            double[] toCompleted = sentAt.entrySet().stream().filter(e -> completed.containsKey(e.getKey()))
                    .mapToDouble(e -> (completed.get(e.getKey()) - e.getValue()) / 1e6).sorted().toArray();
            int breaches = (int) sentAt.keySet().stream().filter(breached::containsKey).count();
            return new Result(sentAt.size(), toCommand, toCompleted, breaches, setupSeconds, deploymentSeconds);
        } finally {
            stop.set(true);
            watcher.join(10_000);
        }
    }

    /** One deployment per target, {@code concurrency} requests in flight; returns their ids once all succeeded. */
    private List<String> deployAll(List<String> envs, String version, String strategy, int concurrency) {
        List<String> ids = new ArrayList<>(envs.size());
        Semaphore inFlight = new Semaphore(concurrency);
        List<CompletableFuture<JsonNode>> sent = new ArrayList<>();
        for (String env : envs) {
            inFlight.acquireUninterruptibly();
            sent.add(api.postAsync("/api/v1/deployments", Map.of("application", app, "environment", env, "version", version,
                    "strategy", strategy, "executor", "simulated")).whenComplete((r, e) -> inFlight.release()));
        }
        sent.forEach(f -> ids.add(f.join().path("id").asString()));
        Set<String> wanted = Set.copyOf(ids);
        awaitAll(version + " " + strategy + " on every target", () -> {
            if (wanted.stream().anyMatch(failedDeployments::containsKey)) {
                throw new IllegalStateException("a deployment of " + version + " did not succeed: " + failedDeployments);
            }
            return succeeded.keySet().containsAll(wanted);
        });
        return ids;
    }

    /** How long one simulated deployment ran (startedAt → completedAt): zero step delays keep it short. */
    private double deploymentSeconds(String id) {
        JsonNode d = api.get("/api/v1/deployments/" + id);
        if (!d.path("startedAt").isString() || !d.path("completedAt").isString()) {
            return Double.NaN;
        }
        return Duration.between(Instant.parse(d.path("startedAt").asString()), Instant.parse(d.path("completedAt").asString()))
                .toMillis() / 1000.0;
    }

    private void post(List<List<Map<String, Object>>> batches, int concurrency) {
        Semaphore inFlight = new Semaphore(concurrency);
        List<CompletableFuture<JsonNode>> sent = new ArrayList<>();
        for (var batch : batches) {
            inFlight.acquireUninterruptibly();
            sent.add(api.postAsync("/api/v1/metrics/samples", batch).whenComplete((r, e) -> inFlight.release()));
        }
        sent.forEach(CompletableFuture::join);
    }

    /** Whether the target's breach is on rc.alerts, waiting up to {@code wait} for it. */
    private boolean breachedWithin(String key, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!breached.containsKey(key) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
        return breached.containsKey(key);
    }

    private static void awaitAll(String what, java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting for " + what + " after " + WAIT);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    /** Reads the three topics from their current ends and notes when each target's events arrive. */
    private Thread watch(AtomicBoolean stop) throws InterruptedException {
        AtomicBoolean ready = new AtomicBoolean();
        Thread thread = new Thread(() -> {
            try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000), new StringDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = new ArrayList<>();
                for (String topic : List.of(Topics.DEPLOYMENTS, Topics.DEPLOY_COMMANDS, Topics.ROLLBACK_SAGAS, Topics.ALERTS)) {
                    consumer.partitionsFor(topic, Duration.ofSeconds(30))
                            .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
                }
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position);
                ready.set(true);
                while (!stop.get()) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(5))) {
                        if (r.key() != null && r.key().startsWith(app + ":")) {
                            note(r, System.nanoTime());
                        }
                    }
                }
            }
        }, "bench-event-watcher");
        thread.setDaemon(true);
        thread.start();
        awaitAll("the event watcher", ready::get);
        return thread;
    }

    private void note(ConsumerRecord<String, byte[]> r, long at) {
        if (r.topic().equals(Topics.DEPLOY_COMMANDS)) {
            firstCommand.putIfAbsent(r.key(), at);
            return;
        }
        JsonNode event = GatewayClient.JSON.readTree(r.value());
        String type = event.path("type").asString("");
        JsonNode data = event.path("data");
        switch (type) {
            case "io.releasecontrol.deployment.succeeded.v1" -> succeeded.putIfAbsent(data.path("deploymentId").asString(), at);
            case "io.releasecontrol.deployment.failed.v1", "io.releasecontrol.deployment.rejected.v1",
                    "io.releasecontrol.deployment.cancelled.v1" ->
                    failedDeployments.putIfAbsent(data.path("deploymentId").asString(), type);
            case "io.releasecontrol.rollback.completed.v1" -> completed.putIfAbsent(r.key(), at);
            case "io.releasecontrol.rollback.failed.v1" -> failedSagas.putIfAbsent(r.key(), data.toString());
            case "io.releasecontrol.alert.error-rate-breached.v1", "io.releasecontrol.alert.http5xx-breached.v1" ->
                    breached.putIfAbsent(r.key(), at);
            default -> {
                // progress, traffic shifts, steps: not timed
            }
        }
    }
}
