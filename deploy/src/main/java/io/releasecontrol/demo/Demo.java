package io.releasecontrol.demo;

import io.releasecontrol.localstack.Options;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * {@code bin/rc demo}: the canary story of issue 9 against a running stack, through the gateway,
 * printing each step as it happens. An application with versions 1.0.0 and 1.1.0 (changes, a
 * reversible migration); 1.0.0 deployed rolling; 1.1.0 as a canary 5 → 25 → 50 → 100 with pauses;
 * healthy, noisy samples of both versions; then, while the canary is at 5 %, 1.1.0 at 12 % errors →
 * the orchestrator's partial rollback (canary weight → 0), the observation window, no recovery →
 * full rollback to 1.0.0; at the end the rollback's explanation with its numbers.
 *
 * <p>Exits 0 when the story ended as told (saga COMPLETED with a partial then a full rollback and
 * 1.0.0 current), 1 otherwise, 2 for bad options.
 */
public final class Demo {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final GatewayClient api;
    private final PrintStream out;
    private final String app;
    private final String env;
    private final Duration pause;
    private final Duration timeout;
    private final Duration tickEvery;
    private final long started = System.nanoTime();

    Demo(GatewayClient api, PrintStream out, String app, String env, Duration pause, Duration timeout, Duration tickEvery) {
        this.api = api;
        this.out = out;
        this.app = app;
        this.env = env;
        this.pause = pause;
        this.timeout = timeout;
        this.tickEvery = tickEvery;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.getenv("RC_ADMIN_API_KEY")));
    }

    /** The demo with bin/rc's options and the stack's admin key; returns the exit code (tests must not exit the JVM). */
    public static int run(String[] args, PrintStream out, String adminKey) {
        Demo demo;
        try {
            Options o = Options.parse(args, Map.of("gateway", "http://127.0.0.1:8080", "application", "",
                    "environment", "staging", "pause", "PT30S", "timeout", "PT5M", "tick-ms", "250"));
            String app = o.get("application").isEmpty()
                    ? "shop-" + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt())
                    : o.get("application");
            demo = new Demo(GatewayClient.withKey(o.get("gateway"), adminKey), out, app, o.get("environment"),
                    Duration.parse(o.get("pause")), Duration.parse(o.get("timeout")), Duration.ofMillis(o.getInt("tick-ms")));
        } catch (RuntimeException e) {
            out.println("demo: " + e.getMessage());
            out.println("usage: bin/rc demo [--application NAME] [--environment staging] [--pause PT30S]"
                    + " [--timeout PT5M] [--tick-ms 250]");
            return 2;
        }
        try {
            return demo.story() ? 0 : 1;
        } catch (RuntimeException e) {
            demo.say("FAILED: " + e.getMessage());
            return 1;
        }
    }

    boolean story() {
        say("Release Control demo: canary → breach → automatic rollback of " + app + " in " + env);
        say("watch it on the dashboard: " + api.base() + "/  (sign in with the admin API key)");
        say("gateway health: " + api.get("/actuator/health").path("status").asString());

        register();
        String stableId = deploy("1.0.0", "rolling", null);
        await("1.0.0 deployed", () -> api.get("/api/v1/deployments/" + stableId), d -> terminal(d, "1.0.0"));
        await("version-service shows 1.0.0 current", this::environment, e -> "1.0.0".equals(e.path("currentVersion").asString()));
        say("1.0.0 is current in " + env);

        String canaryId = deploy("1.1.0", "canary", Map.of("steps", List.of(5, 25, 50, 100), "pause", pause.toString()));
        JsonNode atFive = await("the canary of 1.1.0 at 5 %", () -> api.get("/api/v1/deployments/" + canaryId),
                d -> d.path("traffic").path("canary").asInt() == 5 || !active(d));
        if (!active(atFive)) {
            say("the canary ended " + atFive.path("status").asString() + " before reaching 5 %: " + atFive);
            return false;
        }
        say("canary of 1.1.0 at 5 % of the traffic (steps 5 → 25 → 50 → 100, each held " + pause + ")");

        SampleTrace trace = new SampleTrace(app, env, "1.0.0");
        say("feeding healthy samples: 1.0.0 on 2 instances (~950 requests/5 s each), 1.1.0 on 1 (~100), error rates"
                + " ~0.5 % with noise; sample times advance 5 s per tick");
        for (int i = 0; i < 12; i++) {
            feed(trace, trace.withCanary("1.1.0", 0.005), i % 4 == 3);
        }
        if (breached("1.1.0")) {
            say("unexpected: healthy samples made a breach (GET /api/v1/metrics/health?application=" + app
                    + "&environment=" + env + ")");
            return false;
        }
        say("a minute of healthy samples: no breach, nothing rolled back");

        say("1.1.0 goes bad: its error rate rises to 12 % (1.0.0 stays at ~0.5 %) while the canary is at "
                + api.get("/api/v1/deployments/" + canaryId).path("traffic").path("canary").asInt() + " %");
        boolean breached = false;
        for (int bad = 0; !breached && bad < 24; bad++) {
            feed(trace, trace.withCanary("1.1.0", 0.12), true);
            breached = breached("1.1.0");
        }
        if (!breached) {
            say("no breach after 24 samples of 12 % errors; the rules may have been changed (GET /api/v1/rules)");
            return false;
        }
        say("metrics-service reports 1.1.0 BREACHED (GET /api/v1/metrics/health); the orchestrator decides");

        return followSaga(canaryId);
    }

    void register() {
        api.post("/api/v1/applications", Map.of("name", app, "description", "Demo shop checkout", "owner", "team-demo"));
        version("1.0.0", "Card payments", List.of(change("feature", "payments", "Card payments", "high", "major"),
                change("fix", "basket", "Totals with vouchers", "medium", "minor")), "V3__payments", "payments table");
        version("1.1.0", "Wallets", List.of(change("feature", "payments", "Wallet payments", "high", "major"),
                change("improvement", "basket", "Faster totals", "low", "minor")), "V4__wallets", "wallet column on payments");
        say("registered application " + app + " with versions 1.0.0 and 1.1.0 (changes and a reversible PostgreSQL"
                + " migration each)");
    }

    private void version(String version, String name, List<Map<String, Object>> changes, String migration, String what) {
        api.post("/api/v1/applications/" + app + "/versions", Map.of("version", version, "name", name,
                "releaseDate", java.time.LocalDate.now(ZoneOffset.UTC).toString(), "breaking", false, "changes", changes,
                "migrations", List.of(Map.of("id", migration, "store", "postgresql", "description", what, "reversible", true))));
    }

    private static Map<String, Object> change(String type, String module, String title, String priority, String impact) {
        return Map.of("type", type, "module", module, "title", title, "priority", priority, "impact", impact);
    }

    String deploy(String version, String strategy, Map<String, Object> canary) {
        return deploy(version, strategy, canary, "simulated");
    }

    /** @param executor {@code simulated}, or {@code script}: the environment's deploy script (demo --real's) */
    String deploy(String version, String strategy, Map<String, Object> canary, String executor) {
        var body = new java.util.LinkedHashMap<String, Object>(Map.of("application", app, "environment", env,
                "version", version, "strategy", strategy, "executor", executor,
                "options", Map.of("description", "bin/rc demo: " + strategy + " of " + version)));
        if (canary != null) {
            body.put("canary", canary);
        }
        JsonNode d = api.post("/api/v1/deployments", body);
        say("deployment " + d.path("id").asString() + ": " + version + " " + strategy + " to " + env + " requested ("
                + d.path("status").asString() + ")");
        return d.path("id").asString();
    }

    private void feed(SampleTrace trace, List<Map<String, Object>> batch, boolean print) {
        JsonNode answer = api.post("/api/v1/metrics/samples", batch);
        if (print) {
            StringBuilder line = new StringBuilder("samples at " + trace.clock().minusSeconds(5) + ":");
            for (Map<String, Object> s : batch) {
                double rate = 100.0 * ((Number) s.get("errors")).intValue() / ((Number) s.get("requests")).intValue();
                line.append(String.format(" %s/%s %d req %.1f %% errors;", s.get("version"), s.get("instance"),
                        ((Number) s.get("requests")).intValue(), rate));
            }
            line.append(" accepted ").append(answer.path("accepted").asInt());
            say(line.toString());
        }
        sleep(tickEvery);
    }

    /** Whether a rule of {@code version} is breached now (samples are evaluated after the 202, within the tick). */
    boolean breached(String version) {
        JsonNode health;
        try {
            health = api.get("/api/v1/metrics/health?application=" + app + "&environment=" + env);
        } catch (GatewayClient.ApiException e) {
            if (e.status() == 404) {
                return false; // no sample of the target evaluated yet
            }
            throw e;
        }
        for (JsonNode v : health.path("versions")) {
            if (version.equals(v.path("version").asString()) && "breached".equals(v.path("status").asString())) {
                return true;
            }
        }
        return false;
    }

    /** Prints the saga's decision and each step as it starts and ends, until it is over. */
    boolean followSaga(String canaryId) {
        String path = "/api/v1/rollbacks?application=" + app + "&environment=" + env;
        JsonNode saga = await("the rollback saga of " + app + ":" + env, () -> {
            JsonNode items = api.get(path).path("items");
            return items.isEmpty() ? null : items.get(0);
        }, s -> s != null);
        String id = saga.path("id").asString();
        JsonNode d = saga.path("decision");
        say(String.format(Locale.ROOT, "rollback saga %s started: %s, impact %.2f %% of the requests (rule %s: %s %.4f"
                + " > %s over %s)", id, d.path("branch").asString(), d.path("impactPercent").asDouble(),
                d.path("rule").asString(), d.path("metric").asString(), d.path("observed").asDouble(),
                d.path("threshold").asDouble(), d.path("window").asString()));
        Set<String> printed = new HashSet<>();
        String status = "";
        int lastCanary = -1;
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean hinted = false;
        while (true) {
            saga = api.get("/api/v1/rollbacks/" + id);
            for (JsonNode step : saga.path("steps")) {
                String line = step.path("name").asString() + " " + step.path("status").asString();
                if (printed.add(line)) {
                    say("  step " + line + (step.path("detail").isString() ? ": " + step.path("detail").asString() : ""));
                }
            }
            int canary = api.get("/api/v1/deployments/" + canaryId).path("traffic").path("canary").asInt();
            if (canary != lastCanary) {
                say("  canary of 1.1.0 now at " + canary + " % of the traffic");
                lastCanary = canary;
            }
            if (!status.equals(saga.path("status").asString())) {
                status = saga.path("status").asString();
                String deadlineText = !saga.path("deadline").isString() ? ""
                        : ("OBSERVING".equals(status) ? " until " : " (step deadline ") + saga.path("deadline").asString()
                                + ("OBSERVING".equals(status) ? "" : ")");
                say("saga " + status + deadlineText);
                if ("OBSERVING".equals(status) && saga.path("deadline").isString() && !hinted) {
                    hinted = true;
                    Duration window = Duration.between(Instant.now(), Instant.parse(saga.path("deadline").asString()));
                    if (window.compareTo(Duration.ofMinutes(2)) > 0) {
                        say("  the observation window is long (the production default?): the demo waits ~"
                                + window.toMinutes() + " min; bin/rc up sets RC_ORCHESTRATOR_OBSERVATION=PT30S"
                                + " unless told otherwise");
                        deadline = Math.max(deadline, System.nanoTime() + window.plusMinutes(2).toNanos());
                    }
                }
            }
            if (!List.of("RUNNING", "OBSERVING", "WAITING_APPROVAL").contains(status)) {
                break; // COMPLETED, FAILED or ABORTED
            }
            if (System.nanoTime() > deadline) {
                say("the saga is still " + status + " after " + timeout + "; see bin/rc logs rollback-orchestrator");
                return false;
            }
            sleep(Duration.ofMillis(400));
        }
        boolean completed = "COMPLETED".equals(status);
        JsonNode current = await("1.0.0 current again", this::environment,
                e -> "1.0.0".equals(e.path("currentVersion").asString()) || !completed);
        say(env + " current version: " + current.path("currentVersion").asString() + ", bad versions: "
                + current.path("badVersions"));
        explain(api.get("/api/v1/rollbacks/" + id));
        boolean told = "COMPLETED".equals(status) && "1.0.0".equals(current.path("currentVersion").asString())
                && printed.stream().anyMatch(s -> s.startsWith("partial-rollback SUCCEEDED"))
                && printed.stream().anyMatch(s -> s.startsWith("full-rollback SUCCEEDED"));
        say(told ? "demo complete: 1.1.0 was rolled back partially, observed, then fully; 1.0.0 serves again"
                : "demo ended differently than the story: saga " + status);
        return told;
    }

    /** GET /api/v1/rollbacks/{id} as a reader wants it: why, with the numbers, then what was done. */
    private void explain(JsonNode saga) {
        JsonNode d = saga.path("decision");
        out.println();
        out.println("The rollback, as GET /api/v1/rollbacks/" + saga.path("id").asString() + " explains it:");
        out.printf("  %-16s %s%n", "target", saga.path("application").asString() + ":" + saga.path("environment").asString());
        out.printf("  %-16s %s (cause: %s)%n", "status", saga.path("status").asString(), saga.path("cause").asString());
        out.printf("  %-16s %s → %s%n", "versions", saga.path("fromVersion").asString(), saga.path("targetVersion").asString());
        out.printf("  %-16s %s%n", "decision", d.path("branch").asString());
        out.printf(Locale.ROOT, "  %-16s %.2f %% of the requests%n", "impact",
                d.path("impactPercent").asDouble());
        double observed = d.path("observed").asDouble();
        double threshold = d.path("threshold").asDouble();
        // the numbers' own relation: a breach decided against the baseline may lie under the threshold
        out.printf(Locale.ROOT, "  %-16s %s: %s observed %.4f %s threshold %s over %s (%d samples)%n", "rule",
                d.path("rule").asString(), d.path("metric").asString(), observed,
                observed > threshold ? ">" : observed < threshold ? "<" : "=", threshold, d.path("window").asString(),
                d.path("samples").asInt());
        if (d.path("statistic").isString()) {
            out.printf("  %-16s %s%n", "statistic", d.path("statistic").asString());
        }
        out.println("  reasons:");
        d.path("reasons").forEach(r -> out.println("    - " + r.asString()));
        out.println("  steps:");
        saga.path("steps").forEach(s -> out.printf("    %-18s %-10s %s → %s  %s%n", s.path("name").asString(),
                s.path("status").asString(), s.path("startedAt").asString(""), s.path("completedAt").asString(""),
                s.path("detail").asString("")));
        out.printf("  %-16s %s%n", "outcome", saga.path("outcome").asString(""));
        if (saga.path("rollbackDeploymentId").isString()) {
            out.printf("  %-16s %s%n", "rollback", "deployment " + saga.path("rollbackDeploymentId").asString());
        }
        out.println();
    }

    private JsonNode environment() {
        return api.get("/api/v1/applications/" + app + "/environments/" + env);
    }

    private static boolean active(JsonNode deployment) {
        return List.of("PENDING", "RUNNING", "PAUSED").contains(deployment.path("status").asString());
    }

    private boolean terminal(JsonNode d, String version) {
        if (active(d)) {
            return false;
        }
        if (!"SUCCEEDED".equals(d.path("status").asString())) {
            throw new IllegalStateException(version + " ended " + d.path("status").asString() + ": " + d);
        }
        say("deployment of " + version + " SUCCEEDED (" + d.path("currentStep").asString("") + ")");
        return true;
    }

    <T> T await(String what, Supplier<T> poll, Predicate<T> until) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = poll.get();
            if (until.test(value)) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting for " + what + " after " + timeout);
            }
            sleep(Duration.ofMillis(300));
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    void say(String line) {
        out.printf("%s UTC  +%5.1fs  %s%n", LocalTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS).format(CLOCK),
                (System.nanoTime() - started) / 1e9, line);
        out.flush();
    }
}
