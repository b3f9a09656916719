package io.releasecontrol.gateway.benchmark;

import io.releasecontrol.gateway.GatewayITSupport;
import io.releasecontrol.gateway.apikey.ApiKeyService;
import io.releasecontrol.gateway.support.DesignRoutes;
import io.releasecontrol.gateway.support.GatewayTestStack;
import io.releasecontrol.runtime.identity.IdentityCodec;
import io.releasecontrol.runtime.testsupport.RcInfrastructureInitializer;
import java.io.File;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Opt-in benchmark, not a test: what the gateway adds to a request (authentication by API key,
 * authorization, rate limit, circuit breaker, identity signing, proxying) against calling the same
 * stub service directly, in the same run, on 127.0.0.1 only, with a bounded number of requests.
 * Run: {@code ./mvnw -B -o -pl gateway verify -Dit.test=GatewayOverheadBenchmarkIT -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Drc.benchmark=true}; it prints the figures.
 */
@EnabledIfSystemProperty(named = "rc.benchmark", matches = "true", disabledReason = "benchmark: run with -Drc.benchmark=true")
// the log (an access line per request) to a file, as a deployed gateway writes it: on the console it
// went down failsafe's pipe to the Maven process, whose reading took the other core and, when it fell
// behind, blocked the writer (about half the gateway's measured CPU per request and most of its tail)
@TestPropertySource(properties = {"logging.threshold.console=OFF", "logging.file.name=target/gateway-benchmark.log"})
class GatewayOverheadBenchmarkIT extends GatewayITSupport {

    /** warm-up rounds of this many requests per path go on until the JIT is quiet (or {@link #MAX_WARMUP_ROUNDS}) */
    private static final int WARMUP = Integer.getInteger("rc.benchmark.warmup", 3000);
    private static final int MAX_WARMUP_ROUNDS = Integer.getInteger("rc.benchmark.warmup.max-rounds", 40);
    /** JIT compile time in one warm-up round below which the JIT counts as quiet */
    private static final long QUIET_COMPILE_MS = Long.getLong("rc.benchmark.warmup.quiet-compile-ms", 100);
    private static final int REQUESTS = Integer.getInteger("rc.benchmark.requests", 10000);
    private static final int CONCURRENCY = Integer.getInteger("rc.benchmark.concurrency", 8);

    @Autowired
    ApiKeyService apiKeys;
    @LocalServerPort
    int port;

    @Test
    void gatewayOverhead() throws Exception {
        String key = apiKeys.create("bench-" + UUID.randomUUID().toString().substring(0, 8), "viewer", "bench").block().key();
        String direct = GatewayTestStack.backends().get(DesignRoutes.VERSION).url() + "/api/v1/applications";
        String gateway = "http://127.0.0.1:" + port + "/api/v1/applications";
        HttpClient client = HttpClient.create(ConnectionProvider.builder("bench").maxConnections(64).build());

        for (int concurrency : new int[] {1, CONCURRENCY}) {
            warmUp(client, direct, gateway, key, concurrency);
            List<Long> d = new ArrayList<>();
            List<Long> g = new ArrayList<>();
            long directCpu = 0;
            long gatewayCpu = 0;
            long gcPauses = 0;
            long gcMillis = 0;
            Map<String, ThreadStats> directThreads = new TreeMap<>();
            Map<String, ThreadStats> gatewayThreads = new TreeMap<>();
            for (int round = 0; round < 5; round++) {
                long cpu = processCpuNanos();
                long[] gc0 = gc();
                Map<String, ThreadStats> s0 = threadStats();
                d.addAll(run(client, direct, null, REQUESTS / 5, concurrency));
                long between = processCpuNanos();
                Map<String, ThreadStats> s1 = threadStats();
                g.addAll(run(client, gateway, key, REQUESTS / 5, concurrency));
                Map<String, ThreadStats> s2 = threadStats();
                directCpu += between - cpu;
                gatewayCpu += processCpuNanos() - between;
                addDifference(directThreads, s0, s1);
                addDifference(gatewayThreads, s1, s2);
                long[] gc1 = gc();
                gcPauses += gc1[0] - gc0[0];
                gcMillis += gc1[1] - gc0[1];
            }
            report(concurrency, d, g);
            // CPU per request barely depends on what else the machine runs, unlike latency: the
            // difference is the gateway's own work (the client and the stub do the same in both)
            System.out.printf("  CPU per request (this JVM: client + stub [+ gateway]): direct %.1f us, via gateway %.1f us -> gateway %.1f us%n",
                    directCpu / 1e3 / d.size(), gatewayCpu / 1e3 / g.size(), (gatewayCpu - directCpu) / 1e3 / g.size());
            reportThreads(directThreads, d.size(), gatewayThreads, g.size());
            System.out.printf("  garbage collections while measuring (both paths): %d, %d ms in all%n", gcPauses, gcMillis);
        }
        // the same two paths with the load generator as its own process (warmed up by the above)
        WrkLoad wrk = WrkLoad.find();
        if (wrk != null) {
            for (int connections : new int[] {1, CONCURRENCY}) {
                wrk.printOverhead(direct, Map.of(IdentityCodec.HEADER, directIdentity()), gateway, Map.of("X-API-Key", key),
                        connections);
            }
        }
    }

    /**
     * The gateway's filter chain is deep: C2 keeps compiling (big inlined methods, 0.1-1 s each on
     * these cores) for tens of thousands of requests, and a compiler thread busy on one of two cores
     * is what the first measurements would show. Warm up until a round compiles for less than
     * {@link #QUIET_COMPILE_MS}, as a long-running gateway would be.
     */
    private static void warmUp(HttpClient client, String direct, String gateway, String key, int concurrency) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long started = System.nanoTime();
        int rounds = 0;
        long compiled;
        do {
            long before = jit.getTotalCompilationTime();
            // interleaved so both paths see the same machine load
            run(client, direct, null, WARMUP, concurrency);
            run(client, gateway, key, WARMUP, concurrency);
            compiled = jit.getTotalCompilationTime() - before;
            rounds++;
        } while (compiled >= QUIET_COMPILE_MS && rounds < MAX_WARMUP_ROUNDS);
        System.out.printf("%nwarm-up at concurrency %d: %d rounds of %d requests per path in %.1f s; the last round compiled for %d ms%s%n",
                concurrency, rounds, WARMUP, (System.nanoTime() - started) / 1e9, compiled,
                compiled >= QUIET_COMPILE_MS ? " (JIT not yet quiet: stopped at the round limit)" : "");
    }

    private static List<Long> run(HttpClient client, String url, String key, int requests, int concurrency) {
        // configured once: a client configured per request would cost the gateway path alone
        // direct: the stub, like a service, answers only a verified identity (signed here once per run)
        HttpClient c = key == null ? client.headers(h -> h.set(IdentityCodec.HEADER, directIdentity()))
                : client.headers(h -> h.set("X-API-Key", key));
        return Flux.range(0, requests).flatMap(i -> {
            long start = System.nanoTime();
            return c.get().uri(url).responseSingle((res, body) -> {
                if (res.status().code() != 200) {
                    return Mono.error(new IllegalStateException(url + " answered " + res.status()));
                }
                return body.asByteArray().map(b -> System.nanoTime() - start);
            });
        }, concurrency).collectList().block(Duration.ofMinutes(5));
    }

    /** A viewer identity as the gateway would sign it, for the direct calls to the stub. */
    private static String directIdentity() {
        return new IdentityCodec(RcInfrastructureInitializer.TEST_IDENTITY_SECRET, Duration.ofMinutes(5), Clock.systemUTC())
                .sign("bench-direct", List.of("viewer"));
    }

    /** What the threads of one name did: context switches, user and system CPU in clock ticks (10 ms on Linux). */
    private record ThreadStats(long switches, long userTicks, long systemTicks) {
        static final ThreadStats NONE = new ThreadStats(0, 0, 0);

        ThreadStats plus(ThreadStats o) {
            return new ThreadStats(switches + o.switches, userTicks + o.userTicks, systemTicks + o.systemTicks);
        }

        ThreadStats minus(ThreadStats o) {
            return new ThreadStats(switches - o.switches, userTicks - o.userTicks, systemTicks - o.systemTicks);
        }
    }

    /**
     * This JVM's threads by name (digits dropped), from Linux's {@code /proc/self/task}; empty
     * elsewhere. A thread switched out is a thread that waited (for the network, a lock, a
     * wake-up): switches per request show how many threads a request passes through, which on two
     * cores is what the latency tail is made of.
     */
    private static Map<String, ThreadStats> threadStats() {
        Map<String, ThreadStats> byName = new TreeMap<>();
        File[] tasks = new File("/proc/self/task").listFiles();
        if (tasks == null) {
            return byName;
        }
        for (File task : tasks) {
            try {
                String name = Files.readString(task.toPath().resolve("comm")).trim().replaceAll("[-#]?\\d+", "#");
                long switches = 0;
                for (String line : Files.readAllLines(task.toPath().resolve("status"))) {
                    if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
                        switches += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                    }
                }
                // user and system CPU in clock ticks (fields 14 and 15, after the parenthesised name)
                String stat = Files.readString(task.toPath().resolve("stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                byName.merge(name, new ThreadStats(switches, Long.parseLong(fields[11]), Long.parseLong(fields[12])),
                        ThreadStats::plus);
            } catch (IOException | RuntimeException e) {
                // the thread ended meanwhile
            }
        }
        return byName;
    }

    private static void addDifference(Map<String, ThreadStats> into, Map<String, ThreadStats> before,
            Map<String, ThreadStats> after) {
        after.forEach((name, n) -> into.merge(name, n.minus(before.getOrDefault(name, ThreadStats.NONE)), ThreadStats::plus));
    }

    private static void reportThreads(Map<String, ThreadStats> direct, int directRequests, Map<String, ThreadStats> gateway,
            int gatewayRequests) {
        if (direct.isEmpty()) {
            return;
        }
        long directTotal = direct.values().stream().mapToLong(ThreadStats::switches).sum();
        long gatewayTotal = gateway.values().stream().mapToLong(ThreadStats::switches).sum();
        System.out.printf("  context switches per request (this JVM): direct %.2f, via gateway %.2f; by thread, via gateway:%n",
                (double) directTotal / directRequests, (double) gatewayTotal / gatewayRequests);
        gateway.entrySet().stream().filter(e -> e.getValue().switches() * 100 >= gatewayRequests)
                .sorted(Map.Entry.<String, ThreadStats>comparingByValue(
                        java.util.Comparator.comparingLong(ThreadStats::switches)).reversed())
                .forEach(e -> System.out.printf("    %-20s %6.2f (direct %.2f)%n", e.getKey(),
                        (double) e.getValue().switches() / gatewayRequests,
                        (double) direct.getOrDefault(e.getKey(), ThreadStats.NONE).switches() / directRequests));
        // a tick is 10 ms: ticks * 1e4 is microseconds
        System.out.printf("  CPU per request by thread, user + system us (direct | via gateway):%n");
        gateway.forEach((name, g) -> {
            if (g.userTicks() + g.systemTicks() > 0) {
                ThreadStats d = direct.getOrDefault(name, ThreadStats.NONE);
                System.out.printf("    %-20s %6.0f + %6.0f | %6.0f + %6.0f%n", name,
                        d.userTicks() * 1e4 / directRequests, d.systemTicks() * 1e4 / directRequests,
                        g.userTicks() * 1e4 / gatewayRequests, g.systemTicks() * 1e4 / gatewayRequests);
            }
        });
    }

    /** Collections so far and their accumulated time (ms), all collectors. */
    private static long[] gc() {
        long count = 0;
        long millis = 0;
        for (var bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, bean.getCollectionCount());
            millis += Math.max(0, bean.getCollectionTime());
        }
        return new long[] {count, millis};
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void report(int concurrency, List<Long> direct, List<Long> gateway) {
        long[] d = direct.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] g = gateway.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("%nGATEWAY BENCHMARK concurrency=%d requests=%d per path (127.0.0.1, stub service)%n", concurrency, d.length);
        System.out.printf("  %-8s %9s %9s %9s %9s%n", "path", "p50 ms", "p90 ms", "p99 ms", "max ms");
        System.out.printf("  %-8s %9.3f %9.3f %9.3f %9.3f%n", "direct", p(d, 50), p(d, 90), p(d, 99), ms(d[d.length - 1]));
        System.out.printf("  %-8s %9.3f %9.3f %9.3f %9.3f%n", "gateway", p(g, 50), p(g, 90), p(g, 99), ms(g[g.length - 1]));
        System.out.printf("  overhead p50 %.3f ms, p99 %.3f ms%n", p(g, 50) - p(d, 50), p(g, 99) - p(d, 99));
    }

    private static double p(long[] sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return ms(sorted[Math.max(0, Math.min(sorted.length - 1, index))]);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

}
