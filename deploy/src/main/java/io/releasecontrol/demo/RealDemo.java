package io.releasecontrol.demo;

import io.releasecontrol.demo.real.DemoVersion;
import io.releasecontrol.demo.real.HaproxyProcess;
import io.releasecontrol.demo.real.HaproxyTemplates;
import io.releasecontrol.demo.real.Load;
import io.releasecontrol.demo.real.PrometheusProcess;
import io.releasecontrol.localstack.Options;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/rc demo --real}: the canary story with real requests. Two versions of a demo HTTP
 * service on 127.0.0.1 (1.0.0 failing 1 %, 1.1.0 a configurable share), HAProxy in front of them
 * (the stack's deploy-service routes it: bin/rc configured its router for this application before
 * calling us), Prometheus scraping HAProxy's exporter every second, metrics-service pulling
 * per-version samples from it with HAProxy's templates ({@code HaproxyTemplates}), and a bounded load
 * generator. It deploys 1.1.0 as a canary through the gateway, prints HAProxy's own counts every
 * second — the canary's share and the 5xx rate falling when the partial rollback sets its weight to
 * 0 — and the rollback's explanation. Everything it starts it stops, also on Ctrl-C.
 *
 * <p>Exits 0 when the story ended as told, 1 otherwise, 2 for bad options.
 */
public final class RealDemo {

    /** a canary at 5 % of 200 requests/s has 10 a second: a small gate lets the healthy story move on */
    private static final Map<String, Object> GATE = Map.of("minRequests", 40, "minIntervals", 2, "maxWait", "PT60S");

    private final Demo demo;
    private final GatewayClient api;
    private final Options o;
    private final String app;
    private final String env;
    private final String backend;

    private RealDemo(Demo demo, GatewayClient api, Options o, String app, String env) {
        this.demo = demo;
        this.api = api;
        this.o = o;
        this.app = app;
        this.env = env;
        this.backend = "rc_" + app + "_" + env;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.getenv("RC_ADMIN_API_KEY")));
    }

    public static int run(String[] args, PrintStream out, String adminKey) {
        RealDemo real;
        try {
            Options o = Options.parse(args, Map.ofEntries(Map.entry("gateway", "http://127.0.0.1:8080"),
                    Map.entry("application", ""), Map.entry("environment", "staging"), Map.entry("dir", ".rc/real"),
                    Map.entry("frontend-port", "18080"), Map.entry("stable-port", "18081"),
                    Map.entry("canary-port", "18082"), Map.entry("exporter-port", "18083"),
                    Map.entry("prometheus-port", "18084"), Map.entry("canary-errors", "0.12"), Map.entry("rate", "200"),
                    Map.entry("limit", "PT3M"), Map.entry("pause", "PT20S"), Map.entry("timeout", "PT3M"),
                    Map.entry("haproxy", "haproxy"), Map.entry("prometheus", "prometheus")));
            if (o.get("application").isEmpty()) {
                throw new IllegalArgumentException("--application is required (bin/rc names it and configures its router)");
            }
            GatewayClient api = GatewayClient.withKey(o.get("gateway"), adminKey);
            Demo demo = new Demo(api, out, o.get("application"), o.get("environment"), Duration.parse(o.get("pause")),
                    Duration.parse(o.get("timeout")), Duration.ofMillis(250));
            real = new RealDemo(demo, api, o, o.get("application"), o.get("environment"));
        } catch (RuntimeException e) {
            out.println("demo --real: " + e.getMessage());
            out.println("usage: bin/rc demo --real [--canary-errors 0.12] [--rate 200] [--limit PT3M] [--pause PT20S]");
            return 2;
        }
        try {
            return real.story() ? 0 : 1;
        } catch (RuntimeException e) {
            real.demo.say("FAILED: " + e.getMessage());
            return 1;
        }
    }

    boolean story() {
        double canaryErrors = Double.parseDouble(o.get("canary-errors"));
        Path dir = Path.of(o.get("dir"));
        int frontend = o.getInt("frontend-port");
        int exporter = o.getInt("exporter-port");
        demo.say("Release Control demo with real traffic: " + app + " in " + env + " behind HAProxy on 127.0.0.1:" + frontend);
        // both servers run 1.0.0; deploy-service's script installs 1.1.0 on the canary server, and on the
        // stable one when a healthy canary is promoted (deploy/real/demo-deploy.sh)
        Map<String, Double> versions = Map.of("1.0.0", 0.01, "1.1.0", canaryErrors);
        try (DemoVersion stable = DemoVersion.start("1.0.0", o.getInt("stable-port"), 0.01, 1).installable(versions);
                DemoVersion canary = DemoVersion.start("1.0.0", o.getInt("canary-port"), 0.01, 2).installable(versions);
                HaproxyProcess haproxy = HaproxyProcess.start(new HaproxyProcess.Layout(dir), o.get("haproxy"),
                        Map.of(backend, frontend), exporter);
                PrometheusProcess prometheus = PrometheusProcess.start(dir.resolve("prometheus"), o.get("prometheus"),
                        o.getInt("prometheus-port"), List.of("127.0.0.1:" + exporter))) {
            demo.say(String.format(Locale.ROOT, "started 1.0.0 on %s and %s (1 %% 5xx; 1.1.0 will answer %.0f %% 5xx), haproxy"
                            + " (pid %d, exporter http://127.0.0.1:%d/metrics), prometheus (pid %d, %s, scraping every 1 s)",
                    stable.address(), canary.address(), 100 * canaryErrors, haproxy.pid(), exporter, prometheus.pid(),
                    prometheus.url()));
            demo.register();
            api.put("/api/v1/applications/" + app + "/analysis", Map.of("prometheus", HaproxyTemplates.TEMPLATES,
                    "rules", HaproxyTemplates.RULES, "gate", GATE));
            demo.say("analysis policy of " + app + ": samples from HAProxy's per-server counters through Prometheus"
                    + " (a running canary's version: the canary server; any other: the stable server), pulled every second");
            String stableId = demo.deploy("1.0.0", "rolling", null, "script");
            demo.await("1.0.0 deployed", () -> api.get("/api/v1/deployments/" + stableId),
                    d -> !List.of("PENDING", "RUNNING").contains(d.path("status").asString()));
            int rate = o.getInt("rate");
            try (Load load = Load.start("http://127.0.0.1:" + frontend + "/", rate, Duration.parse(o.get("limit")))) {
                demo.say("load: " + rate + " requests/s to HAProxy for at most " + o.get("limit"));
                ScheduledExecutorService printer = Executors.newSingleThreadScheduledExecutor();
                long[][] last = {haproxy.counts(backend, "stable"), haproxy.counts(backend, "canary")};
                printer.scheduleAtFixedRate(() -> printSecond(haproxy, last, stable, canary), 1, 1, TimeUnit.SECONDS);
                try {
                    String canaryId = demo.deploy("1.1.0", "canary", Map.of("steps", List.of(5, 25, 50, 100), "pause",
                            o.get("pause")), "script");
                    demo.await("a breach of 1.1.0 or the canary's end", () -> demo.breached("1.1.0")
                            || !List.of("PENDING", "RUNNING", "PAUSED").contains(api.get("/api/v1/deployments/" + canaryId)
                                    .path("status").asString()), b -> b);
                    if (!demo.breached("1.1.0")) {
                        String status = api.get("/api/v1/deployments/" + canaryId).path("status").asString();
                        demo.say("1.1.0 was not breached: the canary " + status + " (with --canary-errors " + canaryErrors
                                + ")" + ("SUCCEEDED".equals(status) ? "; promoted: the stable server runs "
                                + stable.version() + " and has the traffic back, the canary server " + canary.version()
                                + " is idle" : ""));
                        // two more of HAProxy's seconds: all of it on the stable server
                        java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofSeconds(2).toNanos());
                        return canaryErrors <= 0.02 && "SUCCEEDED".equals(status) && "1.1.0".equals(stable.version());
                    }
                    demo.say("metrics-service reports 1.1.0 BREACHED, from HAProxy's counters; the orchestrator decides");
                    return demo.followSaga(canaryId);
                } finally {
                    printer.shutdownNow();
                    demo.say(String.format(Locale.ROOT, "load sent %d requests; the stable server served %d (%d 5xx),"
                            + " the canary server %d (%d 5xx)", load.sent(), stable.requests(), stable.errors(),
                            canary.requests(), canary.errors()));
                }
            }
        } finally {
            demo.say("stopped the demo versions, haproxy, prometheus and the load");
            forgetTemplates();
        }
    }

    /** The policy without its templates: the stack's pull has nothing left to ask the stopped Prometheus. */
    private void forgetTemplates() {
        try {
            api.put("/api/v1/applications/" + app + "/analysis", Map.of("gate", GATE));
        } catch (RuntimeException e) {
            demo.say("could not remove " + app + "'s Prometheus templates (" + e.getMessage() + "); its pulls will fail");
        }
    }

    /** HAProxy's own counts of the last second (runtime API, not Prometheus: no scrape delay). */
    private void printSecond(HaproxyProcess haproxy, long[][] last, DemoVersion stable, DemoVersion canary) {
        long[] s = haproxy.counts(backend, "stable");
        long[] c = haproxy.counts(backend, "canary");
        if (s[0] < 0 || c[0] < 0) {
            return; // the backend is written by the canary's first step
        }
        long sReq = Math.max(0, s[0] - Math.max(0, last[0][0]));
        long sErr = Math.max(0, s[1] - Math.max(0, last[0][1]));
        long cReq = Math.max(0, c[0] - Math.max(0, last[1][0]));
        long cErr = Math.max(0, c[1] - Math.max(0, last[1][1]));
        last[0] = s;
        last[1] = c;
        long all = sReq + cReq;
        demo.say(String.format(Locale.ROOT, "  haproxy, last second: %4d requests, 5xx %5.2f %% | stable %s %4d (%d 5xx) |"
                        + " canary %s %4d (%d 5xx) = %5.1f %% of the traffic", all, all == 0 ? 0 : 100.0 * (sErr + cErr) / all,
                stable.version(), sReq, sErr, canary.version(), cReq, cErr, all == 0 ? 0 : 100.0 * cReq / all));
    }
}
