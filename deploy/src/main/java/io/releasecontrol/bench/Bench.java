package io.releasecontrol.bench;

import static io.releasecontrol.bench.Figures.ms;
import static io.releasecontrol.bench.Figures.percentile;
import static io.releasecontrol.bench.Figures.rate;

import io.releasecontrol.demo.GatewayClient;
import io.releasecontrol.localstack.Options;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code bin/rc bench}: the suite's figures against a running stack, printed as a table with the
 * goals of issue 9 (docs/benchmarks.md explains each). Sizes are options so a run fits the machine;
 * {@code --only a,b,c,d} picks parts: (a) breach → rollback command → RollbackCompleted, (b) metric
 * ingest via Kafka and REST, (c) gateway overhead, (d) start-up time and resident memory.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args, Map.ofEntries(Map.entry("gateway", "http://127.0.0.1:8080"),
                    Map.entry("kafka", "127.0.0.1:9092"), Map.entry("version-service", "http://127.0.0.1:8081"),
                    Map.entry("state-dir", ".rc"), Map.entry("only", "a,b,c,d"), Map.entry("targets", "1000"),
                    Map.entry("pace-ms", "20"), Map.entry("concurrency", "8"), Map.entry("kafka-samples", "100000"),
                    Map.entry("rest-samples", "50000"), Map.entry("rest-batch", "1000"), Map.entry("rest-concurrency", "4"),
                    Map.entry("overhead-requests", "2000"), Map.entry("warmup", "500"), Map.entry("group", "metrics-service")));
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        Set<String> only = Set.of(o.get("only").split(","));
        GatewayClient api = GatewayClient.fromEnvironment(o.get("gateway"));
        Path state = Path.of(o.get("state-dir"));
        Figures figures = new Figures();
        String load = loadAverage();
        String machine = String.format(Locale.ROOT, "%d cores, %.1f GiB RAM, load average at start %s, JDK %s",
                Runtime.getRuntime().availableProcessors(), totalMemoryGiB(), load, System.getProperty("java.version"));
        System.out.println("bench: " + Instant.now() + " on " + machine);

        if (only.contains("d")) {
            footprint(figures, state, "after start-up");
        }
        if (only.contains("c")) part(figures, "(c) gateway overhead p99", "≤ 3 ms", () -> {
            String secret = System.getenv("RC_IDENTITY_SECRET");
            var r = new GatewayOverhead(api, o.get("version-service"), secret).run(o.getInt("warmup"),
                    o.getInt("overhead-requests"));
            double d99 = percentile(r.direct(), 99);
            double g99 = percentile(r.gateway(), 99);
            figures.add("(c) GET /api/v1/applications direct p50 / p99", ms(percentile(r.direct(), 50)) + " / " + ms(d99), "",
                    null, r.direct().length + " sequential requests, interleaved with the gateway's");
            figures.add("(c) same through the gateway p50 / p99", ms(percentile(r.gateway(), 50)) + " / " + ms(g99), "",
                    null, "API key, rate limit, circuit breaker, identity signing, proxy");
            figures.add("(c) gateway overhead p99 (gateway p99 − direct p99)", ms(g99 - d99), "≤ 3 ms", g99 - d99 <= 3,
                    String.format(Locale.ROOT, "p50 overhead %s", ms(percentile(r.gateway(), 50) - percentile(r.direct(), 50))));
        });
        String run = HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
        if (only.contains("b")) part(figures, "(b) ingest via Kafka", "≥ 50,000/s", () -> {
            var k = new Ingest(o.get("kafka"), o.get("group")).viaKafka("kbench-" + run, o.getInt("kafka-samples"));
            double service = k.samples() / k.serviceSeconds();
            double bare = k.samples() / k.bareSeconds();
            figures.add("(b) ingest via Kafka (produced → stored, evaluated, committed)", rate(service), "≥ 50,000/s",
                    service >= 50_000, String.format(Locale.ROOT, "%,d samples; producer alone %s", k.samples(),
                            rate(k.samples() / k.produceSeconds())));
            figures.add("(b) bare Kafka consumer, same records", rate(bare), "", null,
                    String.format(Locale.ROOT, "service / bare = %.2f", service / bare));
        });
        if (only.contains("b")) part(figures, "(b) ingest via REST through the gateway", "≥ 20,000/s", () -> {
            int n = o.getInt("rest-samples");
            var rest = new Ingest(o.get("kafka"), o.get("group")).viaRest(api, "rbench-" + run, n, o.getInt("rest-batch"),
                    o.getInt("rest-concurrency"));
            figures.add("(b) ingest via REST through the gateway (answered: on the topic)", rate(rest.answeredPerSecond()),
                    "≥ 20,000/s", rest.answeredPerSecond() >= 20_000, String.format(Locale.ROOT,
                            "%,d samples, batches of %d, %d senders", n, o.getInt("rest-batch"), o.getInt("rest-concurrency")));
            figures.add("(b) the same, until evaluated, stored and committed", rate(rest.committedPerSecond()), "", null,
                    "metrics-service's consumer group past the last one");
        });
        if (only.contains("a")) part(figures, "(a) breach → rollback", "p99 ≤ 250 ms / ≤ 1 s", () -> {
            var r = new BreachToRollback(api, o.get("kafka")).run(o.getInt("targets"),
                    Duration.ofMillis(o.getInt("pace-ms")), o.getInt("concurrency"));
            double c50 = percentile(r.toCommand(), 50);
            double c99 = percentile(r.toCommand(), 99);
            double d50 = percentile(r.toCompleted(), 50);
            double d99 = percentile(r.toCompleted(), 99);
            String over = String.format(Locale.ROOT, "%d timed targets, paced %d ms; %d of %d", r.targets(),
                    o.getInt("pace-ms"), r.toCommand().length, r.targets());
            figures.add("(a) breach sample sent → rollback command p50 / p99", ms(c50) + " / " + ms(c99), "p99 ≤ 250 ms",
                    r.toCommand().length == r.targets() && c99 <= 250, over + " commands seen");
            figures.add("(a) breach sample sent → RollbackCompleted p50 / p99", ms(d50) + " / " + ms(d99), "p99 ≤ 1 s",
                    r.toCompleted().length == r.targets() && d99 <= 1000, String.format(Locale.ROOT,
                            "%d of %d completed; a simulated deployment took %.2f s", r.toCompleted().length, r.targets(),
                            r.deploymentSeconds()));
        });
        if (only.contains("d")) {
            double startup = Footprint.startupSeconds(state);
            figures.add("(d) start-up until every readiness probe is up", Double.isNaN(startup) ? "unknown"
                    : String.format(Locale.ROOT, "%.1f s", startup), "≤ 60 s", Double.isNaN(startup) ? null : startup <= 60,
                    "recorded by bin/rc up in " + state.resolve("startup-seconds"));
            if (only.size() > 1) {
                footprint(figures, state, "after the benchmark");
            }
        }
        System.out.println();
        System.out.println("Release Control benchmark, " + Instant.now() + ", " + machine);
        System.out.println("load average at the end: " + loadAverage());
        System.out.println();
        System.out.print(figures.table());
    }

    /** One part of the benchmark; when it fails the table says so and the other parts still run. */
    private interface Part {
        void run() throws Exception;
    }

    private static void part(Figures figures, String figure, String goal, Part part) {
        try {
            part.run();
        } catch (Exception e) {
            e.printStackTrace();
            String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            figures.add(figure, "failed", goal, false, why.length() > 200 ? why.substring(0, 200) + "…" : why);
        }
    }

    private static void footprint(Figures figures, Path state, String when) {
        Map<String, Long> rss = new LinkedHashMap<>(Footprint.rssKiB(state));
        long total = rss.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder each = new StringBuilder();
        rss.forEach((name, kib) -> each.append(each.isEmpty() ? "" : ", ").append(name).append(' ')
                .append(kib / 1024).append(" MiB"));
        figures.add("(d) RSS of the stack's " + rss.size() + " processes, " + when,
                String.format(Locale.ROOT, "%.2f GiB", total / 1024.0 / 1024.0), "≤ 3 GiB",
                rss.isEmpty() ? null : total <= 3L * 1024 * 1024, rss.isEmpty() ? "no pid files in " + state : each.toString());
    }

    /** The 1, 5 and 15 minute load averages (other builds on the machine skew every figure). */
    private static String loadAverage() throws java.io.IOException {
        Path file = Path.of("/proc/loadavg");
        if (!Files.exists(file)) {
            return "?";
        }
        String[] fields = Files.readString(file).strip().split("\\s+");
        return String.join(" ", java.util.Arrays.asList(fields).subList(0, Math.min(3, fields.length)));
    }

    private static double totalMemoryGiB() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize() / 1024.0 / 1024 / 1024;
        }
        return Double.NaN;
    }
}
