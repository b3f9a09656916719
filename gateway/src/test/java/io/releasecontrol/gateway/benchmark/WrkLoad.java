package io.releasecontrol.gateway.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The load generator as its own process: wrk (Debian's {@code wrk} package), so the client's CPU,
 * threads and garbage are not the gateway JVM's. Each run keeps up to {@code connections} requests
 * in flight on one wrk thread for a few seconds (each connection optionally pausing between
 * requests, wrk's Lua {@code delay} hook) and reports the latency percentiles wrk measured
 * (microseconds, printed by the Lua {@code done} hook below). Any status above 399 or socket error
 * fails the run: a figure of failed requests would be no figure.
 */
final class WrkLoad {

    /** one wrk run's result: latency percentiles in ms and how many requests completed */
    record Run(double p50, double p90, double p99, double p999, long requests, double seconds) {
    }

    /** wrk rounds per path and connection count, alternating which path goes first, and each round's length */
    private static final int ROUNDS = Integer.getInteger("rc.benchmark.wrk.rounds", 6);
    private static final int SECONDS = Integer.getInteger("rc.benchmark.wrk.seconds", 5);
    /**
     * Pause (ms) of each wrk connection between a response and its next request: unpaced, both
     * paths are closed loops saturating the two cores (the stub alone answers ~9,000/s), and the
     * p99 of either is then queueing for a core, not the cost of a request
     */
    private static final int PAUSE_MS = Integer.getInteger("rc.benchmark.wrk.pause-ms", 2);

    private static final String SCRIPT = """
            local pause = tonumber(os.getenv("RC_WRK_PAUSE_MS") or "0")
            delay = function()
              return pause
            end
            done = function(summary, latency, requests)
              local e = summary.errors
              io.write(string.format("WRK %d %d %d %d %d %d %d %d\\n", latency:percentile(50), latency:percentile(90),
                latency:percentile(99), latency:percentile(99.9), summary.requests, summary.duration,
                e.status, e.connect + e.read + e.write + e.timeout))
            end
            """;

    private final Path wrk;
    private final Path script;

    private WrkLoad(Path wrk, Path script) {
        this.wrk = wrk;
        this.script = script;
    }

    /** wrk from the PATH, or null (with the reason printed) when it is not installed. */
    static WrkLoad find() throws IOException {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir, "wrk");
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                Path script = Files.createTempFile("rc-wrk", ".lua");
                script.toFile().deleteOnExit();
                Files.writeString(script, SCRIPT);
                return new WrkLoad(candidate, script);
            }
        }
        System.out.println("wrk not on the PATH: no separate-process figures (Debian: apt-get install wrk)");
        return null;
    }

    /**
     * One unmeasured run per path, then rounds of wrk against each, alternating which goes first so
     * both see the same drift of the machine; prints per round the gateway's percentiles minus the
     * direct ones, and their median.
     */
    void printOverhead(String direct, Map<String, String> directHeaders, String gateway, Map<String, String> gatewayHeaders,
            int connections) throws IOException, InterruptedException {
        run(direct, directHeaders, connections, SECONDS, PAUSE_MS);
        run(gateway, gatewayHeaders, connections, SECONDS, PAUSE_MS);
        System.out.printf("%nGATEWAY BENCHMARK wrk (own process, 1 thread) connections=%d, %d ms pause per connection, %d rounds of %d s per path%n",
                connections, PAUSE_MS, ROUNDS, SECONDS);
        System.out.printf("  %-5s %-24s %-24s %-17s %s%n", "round", "direct p50/p99/p99.9 ms", "gateway p50/p99/p99.9 ms",
                "overhead p50/p99", "requests/s direct, gateway");
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            Run d;
            Run g;
            if (round % 2 == 0) {
                d = run(direct, directHeaders, connections, SECONDS, PAUSE_MS);
                g = run(gateway, gatewayHeaders, connections, SECONDS, PAUSE_MS);
            } else {
                g = run(gateway, gatewayHeaders, connections, SECONDS, PAUSE_MS);
                d = run(direct, directHeaders, connections, SECONDS, PAUSE_MS);
            }
            p50.add(g.p50() - d.p50());
            p99.add(g.p99() - d.p99());
            System.out.printf("  %-5d %6.3f / %6.3f / %6.3f   %6.3f / %6.3f / %6.3f   %6.3f / %6.3f   %8.0f, %8.0f%n", round + 1,
                    d.p50(), d.p99(), d.p999(), g.p50(), g.p99(), g.p999(), g.p50() - d.p50(), g.p99() - d.p99(),
                    d.requests() / d.seconds(), g.requests() / g.seconds());
        }
        System.out.printf("  overhead, median of the rounds: p50 %.3f ms, p99 %.3f ms (p99 range %.3f .. %.3f ms)%n",
                median(p50), median(p99), p99.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                p99.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** {@code connections} in flight for {@code seconds}, each pausing {@code pauseMs} between a response and its next request. */
    Run run(String url, Map<String, String> headers, int connections, int seconds, int pauseMs)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(wrk.toString(), "-t1", "-c" + connections, "-d" + seconds + "s",
                "--timeout", "10s", "-s", script.toString()));
        headers.forEach((name, value) -> command.addAll(List.of("-H", name + ": " + value)));
        command.add(url);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("RC_WRK_PAUSE_MS", Integer.toString(pauseMs));
        Process p = builder.start();
        String out;
        try (var in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(seconds + 30L, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("wrk did not end: " + out);
        }
        String line = out.lines().filter(l -> l.startsWith("WRK ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("wrk printed no result: " + out));
        long[] v = Arrays.stream(line.substring(4).trim().split(" ")).mapToLong(Long::parseLong).toArray();
        if (v[6] > 0 || v[7] > 0) {
            throw new IllegalStateException(url + ": " + v[6] + " responses with status > 399 and " + v[7]
                    + " socket errors in " + v[4] + " requests");
        }
        return new Run(v[0] / 1e3, v[1] / 1e3, v[2] / 1e3, v[3] / 1e3, v[4], v[5] / 1e6);
    }
}
