package io.releasecontrol.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.releasecontrol.e2e.EventLog.Event;
import io.releasecontrol.events.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Faults, tested (issue 22): N targets go through breach → full rollback while services and the
 * broker are killed with SIGKILL and started again and PostgreSQL goes away — then the invariants
 * that must hold whatever the timing: every saga terminal and every target rolled back, never two
 * active deployments of one target, no command executed twice, no gap in a target's deployment
 * sequence and no event acted on twice, version-service's current version equal to deploy-service's
 * last succeeded deployment.
 *
 * <p>Each target runs 1.0.0, then 1.1.0 (rolling, so its breach is at full traffic and the saga's one
 * step is the rollback deployment of 1.0.0). Targets are released one after the other between the
 * kills, so sagas are in flight throughout; the first kills are aimed: deploy-service while a rollback
 * deployment runs, the orchestrator while a saga's step is open, the broker, a PostgreSQL outage.
 * The rest are drawn from the seed among the five services and the broker.
 *
 * <p>In {@code verify}: 3 targets, the 4 aimed faults (seed 22). The larger run against its own stack:
 * {@code ./mvnw -B -o verify -pl e2e -Dit.test=ChaosIT -Drc.chaos.targets=20 -Drc.chaos.kills=20
 * -Drc.chaos.seed=7 [-Drc.chaos.postgresRestart="pg_ctlcluster 15 main restart"]} (docs/operations.md).
 */
class ChaosIT {

    static final int TARGETS = Integer.getInteger("rc.chaos.targets", 3);
    static final int KILLS = Integer.getInteger("rc.chaos.kills", 4);
    static final long SEED = Long.getLong("rc.chaos.seed", 22);
    static final String ENV = "staging";
    static final Duration SETTLE = Duration.ofSeconds(Long.getLong("rc.chaos.settleSeconds", 300));
    static final List<String> VICTIMS = List.of("gateway", "version-service", "deploy-service", "metrics-service",
            "rollback-orchestrator", "kafka");
    static final List<String> TOPICS = List.of(Topics.DEPLOYMENTS, Topics.DEPLOY_COMMANDS, Topics.ROLLBACK_SAGAS,
            Topics.VERSIONS);
    static final Set<String> TERMINAL_DEPLOYMENT = Set.of("deployment.succeeded", "deployment.failed",
            "deployment.cancelled", "deployment.rejected");

    /** A fault and what was in flight when it struck. */
    record Fault(String victim, String aim, Instant at, Set<String> sagasInFlight, Set<String> rollbackDeploymentsRunning,
            Set<String> openSagaSteps, String detail) {
    }

    /** One application in {@link #ENV}: its trace of samples and what the test saw of it. */
    static final class Target {
        final String app;
        final Random noise;
        Instant clock = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(3));
        int ticks;
        volatile boolean released;
        volatile boolean sagaSeen;

        Target(String app, long seed) {
            this.app = app;
            this.noise = new Random(seed);
        }

        String key() {
            return app + ":" + ENV;
        }
    }

    final Random random = new Random(SEED);
    final List<Target> targets = new ArrayList<>();
    final List<Fault> faults = new CopyOnWriteArrayList<>();
    LocalStack stack;
    Api api;

    @Test
    void breachesAreRolledBackExactlyOnceWhileProcessesAreKilled() throws Exception {
        stack = LocalStack.shared();
        assumeTrue(stack.ownsProcesses(), "the chaos test kills processes: it needs the stack this JVM started");
        api = new Api(stack.gatewayUrl(), stack.adminKey());
        String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        for (int i = 0; i < TARGETS; i++) {
            targets.add(new Target("chaos-" + run + "-" + i, SEED * 31 + i));
        }
        long t0 = System.nanoTime();
        for (Target t : targets) {
            register(t.app);
        }
        deployAll("1.0.0");
        deployAll("1.1.0");
        System.out.printf("chaos: %d targets at 1.1.0 in %.1f s; %d faults, seed %d%n", TARGETS,
                (System.nanoTime() - t0) / 1e9, KILLS, SEED);

        AtomicBoolean feeding = new AtomicBoolean(true);
        Thread feeder = new Thread(() -> feed(feeding), "chaos-feeder");
        feeder.setDaemon(true);
        feeder.start();
        long chaos0 = System.nanoTime();
        try {
            List<String> plan = plan();
            for (int k = 0; k < plan.size(); k++) {
                if (plan.get(k).contains("@")) {
                    awaitGatewayView();
                }
                int releasedUpTo = (int) Math.ceil((k + 1) * (double) TARGETS / plan.size());
                for (int i = 0; i < Math.min(releasedUpTo, TARGETS); i++) {
                    targets.get(i).released = true;
                }
                strike(plan.get(k));
                sleep(1000 + random.nextInt(2000));
            }
            targets.forEach(t -> t.released = true);
            settle();
        } finally {
            feeding.set(false);
            feeder.join(10_000);
        }
        double chaosSeconds = (System.nanoTime() - chaos0) / 1e9;
        check(chaosSeconds);
    }

    // ---- the faults

    /** The aimed faults first (as many as there are kills), then victims drawn from the seed, shuffled. */
    List<String> plan() {
        List<String> aimed = new ArrayList<>(List.of("deploy-service@rollback-deployment",
                "rollback-orchestrator@saga-step", "kafka", "postgres"));
        List<String> plan = new ArrayList<>(aimed.subList(0, Math.min(KILLS, aimed.size())));
        while (plan.size() < KILLS) {
            plan.add(VICTIMS.get(random.nextInt(VICTIMS.size())));
        }
        // the aimed ones stay early (they need targets in flight), the drawn ones follow in seed order
        List<String> tail = new ArrayList<>(plan.subList(Math.min(plan.size(), aimed.size()), plan.size()));
        List<String> head = new ArrayList<>(plan.subList(0, Math.min(plan.size(), aimed.size())));
        Collections.shuffle(head, random);
        head.addAll(tail);
        return head;
    }

    void strike(String entry) {
        String victim = entry.contains("@") ? entry.substring(0, entry.indexOf('@')) : entry;
        String aim = entry.contains("@") ? entry.substring(entry.indexOf('@') + 1) : "any moment";
        Snapshot snapshot;
        if (aim.equals("rollback-deployment")) {
            snapshot = awaitSnapshot(s -> !s.rollbackDeploymentsRunning.isEmpty());
        } else if (aim.equals("saga-step")) {
            snapshot = awaitSnapshot(s -> !s.openSagaSteps.isEmpty());
        } else {
            sleep(random.nextInt(3000));
            snapshot = snapshot();
        }
        Instant at = Instant.now();
        String detail;
        if (victim.equals("postgres")) {
            detail = stack.interruptDatabase(Duration.ofSeconds(4));
        } else {
            stack.kill(victim);
            sleep(500 + random.nextInt(2500)); // down for a moment while traffic and timers go on
            long r0 = System.nanoTime();
            stack.restart(victim);
            detail = String.format("SIGKILL, ready again %.1f s after the restart began", (System.nanoTime() - r0) / 1e9);
        }
        Fault fault = new Fault(victim, aim, at, snapshot.sagasInFlight, snapshot.rollbackDeploymentsRunning,
                snapshot.openSagaSteps, detail);
        faults.add(fault);
        System.out.printf("chaos: fault %d %s (%s) at %s: %s; in flight: sagas %s, rollback deployments %s, open steps %s%n",
                faults.size(), victim, aim, at, detail, fault.sagasInFlight(), fault.rollbackDeploymentsRunning(),
                fault.openSagaSteps());
    }

    record Snapshot(Set<String> sagasInFlight, Set<String> rollbackDeploymentsRunning, Set<String> openSagaSteps) {
    }

    /**
     * Until the gateway answers for the orchestrator and deploy-service again: after one of them
     * restarted, its circuit breaker at the gateway stays open for up to {@code open-for} (10 s), and
     * an aimed fault must see the target it releases next from start to end.
     */
    void awaitGatewayView() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while ((tryGet("/api/v1/rollbacks?size=1") == null || tryGet("/api/v1/deployments?size=1") == null)
                && System.nanoTime() < deadline) {
            sleep(500);
        }
    }

    /** Waits (up to 90 s) for a moment matching the aim; the last snapshot if it never comes (the check reports it). */
    Snapshot awaitSnapshot(Predicate<Snapshot> aim) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        Snapshot s = snapshot();
        while (!aim.test(s) && System.nanoTime() < deadline) {
            sleep(150);
            s = snapshot();
        }
        return s;
    }

    /** What runs now among the released targets: sagas not terminal, their open steps, running rollback deployments. */
    Snapshot snapshot() {
        Set<String> sagas = new HashSet<>();
        Set<String> rollbacks = new HashSet<>();
        Set<String> steps = new HashSet<>();
        for (Target t : targets) {
            if (!t.released) {
                continue;
            }
            JsonNode items = tryGet("/api/v1/rollbacks?application=" + t.app + "&environment=" + ENV);
            if (items == null) {
                continue;
            }
            for (JsonNode saga : items.path("items")) {
                if (Set.of("RUNNING", "OBSERVING", "WAITING_APPROVAL").contains(saga.path("status").asText())) {
                    sagas.add(saga.path("id").asText());
                    for (JsonNode step : saga.path("steps")) {
                        if (step.path("completedAt").isNull() || step.path("completedAt").isMissingNode()) {
                            steps.add(saga.path("id").asText() + ":" + step.path("name").asText());
                        }
                    }
                    String rollback = saga.path("rollbackDeploymentId").asText(null);
                    if (rollback != null && !rollback.isEmpty() && !rollback.equals("null")) {
                        JsonNode d = tryGet("/api/v1/deployments/" + rollback);
                        if (d != null && "RUNNING".equals(d.path("status").asText())) {
                            rollbacks.add(rollback);
                        }
                    }
                }
            }
        }
        return new Snapshot(sagas, rollbacks, steps);
    }

    // ---- the traffic

    /**
     * Samples of 1.1.0 at full traffic for every released target without a saga: a minute healthy,
     * then 12 % errors. Sample time moves 5 s per accepted batch and never runs ahead of the clock; a
     * refused or failed post (gateway or metrics-service down) is tried again next round.
     */
    void feed(AtomicBoolean feeding) {
        long lastSagaCheck = 0;
        while (feeding.get()) {
            boolean check = System.nanoTime() - lastSagaCheck > TimeUnit.SECONDS.toNanos(2);
            for (Target t : targets) {
                if (!t.released || t.sagaSeen || t.ticks > 400) {
                    continue;
                }
                if (check) {
                    JsonNode items = tryGet("/api/v1/rollbacks?application=" + t.app + "&environment=" + ENV);
                    if (items != null && items.path("total").asInt() > 0) {
                        t.sagaSeen = true;
                        continue;
                    }
                }
                if (t.clock.isAfter(Instant.now())) {
                    continue;
                }
                double rate = t.ticks < 12 ? 0.005 : 0.12;
                List<Map<String, Object>> batch = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    int requests = 950 + t.noise.nextInt(60);
                    batch.add(sample(t, "1.1.0-" + (i + 1), requests,
                            (int) Math.round(requests * (rate + (t.noise.nextInt(5) - 2) / 1000.0))));
                }
                try {
                    Api.Answer answer = api.attempt("POST", "/api/v1/metrics/samples", batch);
                    if (answer.status() / 100 == 2) {
                        t.clock = t.clock.plusSeconds(5);
                        t.ticks++;
                    }
                } catch (RuntimeException e) {
                    // the gateway is down: next round
                }
            }
            if (check) {
                lastSagaCheck = System.nanoTime();
            }
            sleep(100);
        }
    }

    static Map<String, Object> sample(Target t, String instance, int requests, int errors) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("application", t.app);
        s.put("environment", ENV);
        s.put("version", "1.1.0");
        s.put("instance", instance);
        s.put("time", t.clock.toString());
        s.put("requests", requests);
        s.put("errors", Math.max(0, errors));
        s.put("http5xx", 0);
        s.put("latencyP95Ms", 180 + t.noise.nextInt(40));
        s.put("cpu", 0.35);
        s.put("memory", 0.55);
        s.put("activeUsers", requests / 3);
        return s;
    }

    // ---- setup and settling

    /** The application with 1.0.0 and 1.1.0, each with a reversible migration (so no rollback waits for approval). */
    void register(String app) {
        api.post("/api/v1/applications", Map.of("name", app, "description", "chaos test target", "owner", "team-e2e"));
        for (String v : List.of("1.0.0", "1.1.0")) {
            api.post("/api/v1/applications/" + app + "/versions", Map.of("version", v, "name", "release " + v,
                    "releaseDate", "2026-11-20", "breaking", false, "changes", List.of(Map.of("type", "feature",
                            "module", "core", "title", "Changes of " + v, "priority", "medium", "impact", "minor")),
                    "migrations", List.of(Map.of("id", "V" + v.replace(".", "_") + "__core", "store", "postgresql",
                            "description", "schema of " + v, "reversible", true))));
        }
    }

    void deployAll(String version) {
        Map<String, String> ids = new LinkedHashMap<>();
        for (Target t : targets) {
            ids.put(t.app, api.post("/api/v1/deployments", Map.of("application", t.app, "environment", ENV,
                    "version", version, "strategy", "rolling", "executor", "simulated")).path("id").asText());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        for (var e : ids.entrySet()) {
            while (true) {
                JsonNode d = api.get("/api/v1/deployments/" + e.getValue());
                boolean current = version.equals(api.get("/api/v1/applications/" + e.getKey() + "/environments/" + ENV)
                        .path("currentVersion").asText());
                if ("SUCCEEDED".equals(d.path("status").asText()) && current) {
                    break;
                }
                assertThat(System.nanoTime()).as(version + " of " + e.getKey() + " deployed: " + d).isLessThan(deadline);
                sleep(300);
            }
        }
    }

    /** Until every target has a saga, all its sagas are terminal and 1.0.0 is current again. */
    void settle() {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        List<String> open = List.of("?");
        while (System.nanoTime() < deadline) {
            open = new ArrayList<>();
            for (Target t : targets) {
                JsonNode sagas = tryGet("/api/v1/rollbacks?application=" + t.app + "&environment=" + ENV);
                JsonNode env = tryGet("/api/v1/applications/" + t.app + "/environments/" + ENV);
                boolean done = sagas != null && env != null && sagas.path("total").asInt() > 0
                        && stream(sagas.path("items")).noneMatch(s -> Set.of("RUNNING", "OBSERVING", "WAITING_APPROVAL")
                                .contains(s.path("status").asText()))
                        && "1.0.0".equals(env.path("currentVersion").asText());
                if (!done) {
                    open.add(t.app + (sagas == null ? "" : " sagas " + stream(sagas.path("items"))
                            .map(s -> s.path("status").asText() + "@" + s.path("step").asText()).toList())
                            + (env == null ? "" : " current " + env.path("currentVersion").asText()));
                }
            }
            if (open.isEmpty()) {
                return;
            }
            sleep(1000);
        }
        throw new AssertionError("not settled within " + SETTLE + ": " + open);
    }

    // ---- the invariants

    /** What the checks found, over all targets: the figures printed and the violations asserted. */
    static final class Tally {
        final List<String> violations = new ArrayList<>();
        final Map<String, Instant> completedAt = new LinkedHashMap<>();
        int sagas;
        int terminalSagas;
        int duplicateDeployments;
        int commandsTwice;
        int lostEvents;
        int redelivered;
        int mismatches;
    }

    void check(double chaosSeconds) {
        Set<String> keys = targets.stream().map(Target::key).collect(Collectors.toSet());
        Map<String, List<Event>> byTarget = EventLog.read(stack.kafkaBootstrap(), keys, TOPICS);
        Tally tally = new Tally();
        for (Target t : targets) {
            List<Event> events = distinct(byTarget.getOrDefault(t.key(), List.of()), tally);
            checkSagas(t, events, tally);
            checkDeployments(t, events, tally);
            checkCommands(t, events, tally);
            checkRegistry(t, tally);
        }
        report(chaosSeconds, tally);
    }

    /** Each record once: one on a topic twice (an outbox row relayed again after a crash) is counted, never acted on twice. */
    static List<Event> distinct(List<Event> events, Tally tally) {
        Set<String> seen = new HashSet<>();
        List<Event> distinct = new ArrayList<>();
        for (Event e : events) {
            if (seen.add(e.topic() + "|" + e.id())) {
                distinct.add(e);
            } else {
                tally.redelivered++;
            }
        }
        return distinct;
    }

    /** One saga for the breach, terminal and COMPLETED, with its start and end on rc.rollback-sagas. */
    void checkSagas(Target t, List<Event> events, Tally tally) {
        JsonNode items = api.get("/api/v1/rollbacks?application=" + t.app + "&environment=" + ENV + "&size=50").path("items");
        if (items.size() != 1) {
            tally.violations.add(t.app + ": " + items.size() + " sagas for one breach");
        }
        for (JsonNode saga : items) {
            tally.sagas++;
            String id = saga.path("id").asText();
            String status = saga.path("status").asText();
            if (Set.of("COMPLETED", "FAILED", "ABORTED").contains(status)) {
                tally.terminalSagas++;
            } else {
                tally.violations.add(t.app + ": saga " + id + " not terminal: " + status + " at " + saga.path("step").asText());
            }
            if (!"COMPLETED".equals(status)) {
                tally.violations.add(t.app + ": saga " + id + " ended " + status + ": " + saga.path("failureReason").asText());
            }
            List<Event> onTopic = events.stream().filter(e -> e.topic().equals(Topics.ROLLBACK_SAGAS)
                    && id.equals(e.data().path("sagaId").asText())).toList();
            List<String> types = onTopic.stream().map(Event::shortType).toList();
            // completed as the audit log shows it: when its rollback.completed reached the topic
            onTopic.stream().filter(e -> Set.of("rollback.completed", "rollback.failed").contains(e.shortType()))
                    .findFirst().ifPresent(e -> tally.completedAt.put(id, e.timestamp()));
            if (!types.contains("rollback.saga-started")
                    || !(types.contains("rollback.completed") || types.contains("rollback.failed"))) {
                tally.lostEvents++;
                tally.violations.add(t.app + ": saga " + id + " events on the topic " + types);
            }
        }
    }

    /** Per deployment one requested and one terminal event; sequences 1..n without a gap; never two active at once. */
    static void checkDeployments(Target t, List<Event> events, Tally tally) {
        List<Event> lifecycle = events.stream().filter(e -> e.topic().equals(Topics.DEPLOYMENTS)
                && e.data().hasNonNull("deploymentId")).toList();
        Map<String, List<Event>> byDeployment = lifecycle.stream().collect(Collectors.groupingBy(
                e -> e.data().path("deploymentId").asText(), LinkedHashMap::new, Collectors.toList()));
        TreeMap<Long, String> sequences = new TreeMap<>();
        for (var d : byDeployment.entrySet()) {
            List<String> types = d.getValue().stream().map(Event::shortType).toList();
            long requested = types.stream().filter("deployment.requested"::equals).count();
            long terminal = types.stream().filter(TERMINAL_DEPLOYMENT::contains).count();
            if (requested != 1 || terminal != 1) {
                if (requested > 1 || terminal > 1) {
                    tally.duplicateDeployments++;
                } else {
                    tally.lostEvents++;
                }
                tally.violations.add(t.app + ": deployment " + d.getKey() + " has " + requested + " requested and "
                        + terminal + " terminal events: " + types);
            }
            Set<Long> seqs = d.getValue().stream().filter(e -> e.data().hasNonNull("sequence"))
                    .map(e -> e.data().path("sequence").asLong()).collect(Collectors.toSet());
            if (seqs.size() != 1) {
                tally.violations.add(t.app + ": deployment " + d.getKey() + " carries sequences " + seqs);
            } else {
                String other = sequences.put(seqs.iterator().next(), d.getKey());
                if (other != null) {
                    tally.duplicateDeployments++;
                    tally.violations.add(t.app + ": deployments " + other + " and " + d.getKey() + " share sequence " + seqs);
                }
            }
        }
        if (!sequences.isEmpty() && (sequences.firstKey() != 1 || sequences.lastKey() != sequences.size())) {
            tally.lostEvents++;
            tally.violations.add(t.app + ": deployment sequences with a gap: " + sequences.keySet());
        }
        Set<String> active = new HashSet<>();
        for (Event e : lifecycle) {
            String id = e.data().path("deploymentId").asText();
            if (e.shortType().equals("deployment.started")) {
                active.add(id);
                if (active.size() > 1) {
                    tally.duplicateDeployments++;
                    tally.violations.add(t.app + ": two active deployments at " + e + ": " + active);
                }
            } else if (TERMINAL_DEPLOYMENT.contains(e.shortType())) {
                active.remove(id);
            }
        }
    }

    /** Each command's effects at most once: its events carry the command's id as causation. */
    static void checkCommands(Target t, List<Event> events, Tally tally) {
        List<String> commands = events.stream().filter(e -> e.topic().equals(Topics.DEPLOY_COMMANDS)).map(Event::id)
                .distinct().toList();
        for (String command : commands) {
            Map<String, Long> effects = events.stream().filter(e -> e.topic().equals(Topics.DEPLOYMENTS)
                    && command.equals(e.causationId())).collect(Collectors.groupingBy(Event::shortType, Collectors.counting()));
            effects.forEach((type, n) -> {
                if (n > 1) {
                    tally.violations.add(t.app + ": command " + command + " caused " + n + " × " + type);
                }
            });
            if (effects.values().stream().anyMatch(n -> n > 1)) {
                tally.commandsTwice++;
            }
        }
    }

    /**
     * version-service agrees with deploy-service: its current version is the last succeeded
     * deployment's (1.0.0, the rollback), one rollback deployment, each deployment logged once.
     */
    void checkRegistry(Target t, Tally tally) {
        JsonNode deployments = api.get("/api/v1/deployments?application=" + t.app + "&environment=" + ENV + "&size=50")
                .path("items");
        JsonNode lastSucceeded = stream(deployments).filter(d -> "SUCCEEDED".equals(d.path("status").asText()))
                .max(java.util.Comparator.comparingLong(d -> d.path("sequence").asLong())).orElse(null);
        String current = api.get("/api/v1/applications/" + t.app + "/environments/" + ENV).path("currentVersion").asText();
        if (lastSucceeded == null || !current.equals(lastSucceeded.path("version").asText()) || !"1.0.0".equals(current)) {
            tally.mismatches++;
            tally.violations.add(t.app + ": version-service shows " + current + ", deploy-service's last succeeded deployment is "
                    + (lastSucceeded == null ? "none" : lastSucceeded.path("version").asText()));
        }
        long rollbackDeployments = stream(deployments).filter(d -> d.hasNonNull("rollbackOf")).count();
        if (rollbackDeployments != 1) {
            tally.duplicateDeployments += rollbackDeployments > 1 ? 1 : 0;
            tally.violations.add(t.app + ": " + rollbackDeployments + " rollback deployments");
        }
        JsonNode upgrades = api.get("/api/v1/applications/" + t.app + "/upgrades?environment=" + ENV + "&size=50").path("items");
        stream(upgrades).filter(u -> u.hasNonNull("deploymentId"))
                .collect(Collectors.groupingBy(u -> u.path("deploymentId").asText(), Collectors.counting()))
                .forEach((deployment, n) -> {
                    if (n > 1) {
                        tally.violations.add(t.app + ": deployment " + deployment + " in the upgrade log " + n + " times");
                    }
                });
    }

    /** Prints the figures, then asserts: no violation, and the aimed kills landed where they were aimed. */
    void report(double chaosSeconds, Tally tally) {
        // time from each fault to the completion of the sagas it struck
        List<Double> recoveries = new ArrayList<>();
        for (Fault f : faults) {
            for (String saga : f.sagasInFlight()) {
                Instant done = tally.completedAt.get(saga);
                if (done != null && done.isAfter(f.at())) {
                    recoveries.add(Duration.between(f.at(), done).toMillis() / 1000.0);
                }
            }
        }
        Collections.sort(recoveries);
        Map<String, Long> byVictim = faults.stream().collect(Collectors.groupingBy(Fault::victim, TreeMap::new,
                Collectors.counting()));
        long inRollbackDeployment = faults.stream().filter(f -> f.victim().equals("deploy-service")
                && !f.rollbackDeploymentsRunning().isEmpty()).count();
        long inSagaStep = faults.stream().filter(f -> !f.openSagaSteps().isEmpty()
                && !f.victim().equals("postgres")).count();
        System.out.printf("chaos: targets %d, faults %d %s, in %.0f s (seed %d)%n", TARGETS, faults.size(), byVictim,
                chaosSeconds, SEED);
        System.out.printf("chaos: kills inside a rollback deployment (deploy-service) %d, inside an open saga step %d%n",
                inRollbackDeployment, inSagaStep);
        System.out.printf("chaos: terminal sagas %d/%d, duplicate deployments %d, commands executed twice %d, lost events %d,"
                + " records redelivered on the topics %d (acted on once), current-version mismatches %d%n",
                tally.terminalSagas, tally.sagas, tally.duplicateDeployments, tally.commandsTwice, tally.lostEvents,
                tally.redelivered, tally.mismatches);
        System.out.printf("chaos: fault → the struck sagas' rollback.completed on the topic: %s%n", recoveries.isEmpty()
                ? "none in flight" : String.format("n=%d median %.1f s, max %.1f s", recoveries.size(),
                        recoveries.get(recoveries.size() / 2), recoveries.get(recoveries.size() - 1)));
        assertThat(tally.violations).as("invariants after the faults").isEmpty();
        assertThat(inRollbackDeployment).as("a kill of deploy-service inside a running rollback deployment").isPositive();
        if (KILLS >= 2) {
            assertThat(inSagaStep).as("a kill inside an open saga step").isPositive();
        }
    }

    // ---- helpers

    /** A GET through the gateway, or null while it (or the service behind it) is down. */
    JsonNode tryGet(String path) {
        try {
            Api.Answer answer = api.attempt("GET", path, null);
            return answer.status() == 200 ? answer.body() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out.stream();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
