package io.releasecontrol.deploy.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.releasecontrol.deploy.strategy.RoutingConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HAProxy router against a real haproxy (Debian's 2.6) in master-worker mode, in front of two
 * plain-socket HTTP servers on 127.0.0.1 that count what reaches them: the split by weight, the user-hash,
 * region and cookie rules, a shift to 0, a blue-green switch, weights without a reload and rules
 * with a checked reload that fails no request. Traffic goes to 127.0.0.1 only, bounded in count.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HaproxyRouterIT {

    private static final String ENV = "it";
    private static final int REQUESTS = 2000;
    /** The issue's tolerance on a share, in percentage points. */
    private static final double TOLERANCE = 3.0;

    @TempDir
    static Path dir;
    private Backend stable;
    private Backend canary;
    private Process haproxy;
    private int port;
    private HaproxyRouter router;
    private RouterProperties.EnvironmentRouter config;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * A server that answers its name and counts the requests it got. Plain sockets, not the JDK's
     * HttpServer: that one writes headers and body apart, and without TCP_NODELAY (a system property
     * read once per JVM, maybe before this class) each answer waits ~40 ms for haproxy's delayed ACK.
     */
    record Backend(String name, ServerSocket server, AtomicInteger count, java.util.concurrent.ExecutorService threads) {
        static Backend start(String name) throws IOException {
            ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"));
            var backend = new Backend(name, server, new AtomicInteger(), java.util.concurrent.Executors.newCachedThreadPool());
            backend.threads().submit(backend::accept);
            return backend;
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    java.net.Socket s = server.accept();
                    threads.submit(() -> serve(s));
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        /** HTTP/1.1 keep-alive, GET only: each request answered with one write. */
        private void serve(java.net.Socket socket) {
            byte[] body = name.getBytes(StandardCharsets.UTF_8);
            byte[] answer = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length
                    + "\r\n\r\n" + name).getBytes(StandardCharsets.UTF_8);
            try (socket; var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1))) {
                socket.setTcpNoDelay(true);
                var out = socket.getOutputStream();
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.isEmpty()) {
                        count.incrementAndGet();
                        out.write(answer);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // the peer went away
            }
        }

        String address() {
            return "127.0.0.1:" + server.getLocalPort();
        }

        void stop() throws IOException {
            server.close();
            threads.shutdownNow();
        }
    }

    @BeforeAll
    void startHaproxy() throws Exception {
        String binary = haproxyBinary();
        stable = Backend.start("stable");
        canary = Backend.start("canary");
        port = freePort();
        Path front = dir.resolve("front.cfg");
        Files.writeString(front, prelude(dir.resolve("admin.sock")) + """
                frontend fe
                    bind 127.0.0.1:%d
                    use_backend rc_web_it if { path_beg /web }
                    default_backend rc_shop_it
                """.formatted(port));
        config = routerConfig(binary, front, Map.of(
                "shop", new RouterProperties.TargetServers(stable.address(), canary.address(), null, null),
                "web", new RouterProperties.TargetServers(null, null, stable.address(), canary.address())));
        router = new HaproxyRouter(ENV, config);
        Files.writeString(dir.resolve("backends.cfg"), router.initialBackends());
        Files.writeString(dir.resolve("canary.map"), "");
        haproxy = new ProcessBuilder(binary, "-W", "-S", dir.resolve("master.sock").toString(), "-f", front.toString(),
                "-f", dir.resolve("backends.cfg").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile()).start();
        awaitStats();
    }

    private RouterProperties.EnvironmentRouter routerConfig(String binary, Path front,
            Map<String, RouterProperties.TargetServers> apps) {
        return new RouterProperties.EnvironmentRouter("haproxy", new RouterProperties.Haproxy(
                dir.resolve("admin.sock"), dir.resolve("master.sock"), dir.resolve("backends.cfg"),
                dir.resolve("canary.map"), List.of(front), binary, null, Duration.ofSeconds(5)), apps);
    }

    @AfterAll
    void stop() throws Exception {
        if (haproxy != null) {
            haproxy.destroy(); // SIGTERM to the master stops its workers
            if (!haproxy.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                haproxy.destroyForcibly();
            }
        }
        if (stable != null) {
            stable.stop();
            canary.stop();
        }
    }

    @BeforeEach
    void defaultRules() {
        router.applyRules("shop", RoutingConfig.DEFAULT);
    }

    @Test
    void splitsRequestsByWeightWithinThreePointsAt10And50And100Percent() throws Exception {
        for (int percent : List.of(10, 50, 100)) {
            router.shiftCanary("shop", percent);
            int before = canary.count().get();
            Map<String, Integer> answers = send(REQUESTS, i -> Map.of());
            double share = 100.0 * (canary.count().get() - before) / REQUESTS;
            System.out.printf("haproxy split at %d %%: canary got %.1f %% of %d requests (answers %s)%n",
                    percent, share, REQUESTS, answers);
            assertThat(share).as("canary share at %d %%", percent).isBetween(percent - TOLERANCE, percent + TOLERANCE);
            assertThat(answers.getOrDefault("canary", 0)).isEqualTo(canary.count().get() - before);
        }
    }

    @Test
    void hashesUserIdsStickilyAtTheConfiguredShare() throws Exception {
        router.shiftCanary("shop", 20);
        Map<String, String> first = new HashMap<>();
        for (int u = 0; u < REQUESTS; u++) {
            first.put("user-" + u, get(Map.of("X-User-Id", "user-" + u)));
        }
        double share = 100.0 * first.values().stream().filter("canary"::equals).count() / REQUESTS;
        System.out.printf("haproxy user hash at 20 %%: %.1f %% of %d distinct users on the canary%n", share, REQUESTS);
        assertThat(share).isBetween(20 - TOLERANCE, 20 + TOLERANCE);
        // each user comes back to the same server, whatever the weights would pick
        for (int u = 0; u < 300; u++) {
            for (int again = 0; again < 3; again++) {
                assertThat(get(Map.of("X-User-Id", "user-" + u))).as("user-%d", u).isEqualTo(first.get("user-" + u));
            }
        }
        // a larger share keeps every canary user there: the buckets below 20 are below 50 too
        router.shiftCanary("shop", 50);
        for (int u = 0; u < 300; u++) {
            if (first.get("user-" + u).equals("canary")) {
                assertThat(get(Map.of("X-User-Id", "user-" + u))).isEqualTo("canary");
            }
        }
    }

    @Test
    void routesTheRegionHeaderAndTheCookieToTheCanaryWhileItHasTraffic() throws Exception {
        String applied = router.applyRules("shop", new RoutingConfig(null, null, List.of("eu-west", "ap-south"),
                "canary=true"));
        assertThat(applied).contains("reloaded");
        router.shiftCanary("shop", 10);
        assertThat(send(200, i -> Map.of("X-Region", "eu-west"))).containsOnlyKeys("canary");
        assertThat(send(200, i -> Map.of("X-Region", "ap-south"))).containsOnlyKeys("canary");
        assertThat(send(200, i -> Map.of("Cookie", "session=1; canary=true"))).containsOnlyKeys("canary");
        // other regions and cookie values are split by weight: mostly stable at 10 %
        assertThat(send(200, i -> Map.of("X-Region", "us-east")).get("stable")).isGreaterThan(150);
        assertThat(send(200, i -> Map.of("Cookie", "canary=false")).get("stable")).isGreaterThan(150);
        assertThat(router.state("shop").rules().regions()).containsExactly("eu-west", "ap-south");
    }

    @Test
    void aShiftToZeroSendsNoFurtherRequestToTheCanary() throws Exception {
        router.applyRules("shop", new RoutingConfig(null, null, List.of("eu-west"), "canary=true"));
        router.shiftCanary("shop", 50);
        assertThat(send(100, i -> Map.of())).containsKeys("stable", "canary");
        String change = router.shiftCanary("shop", 0);
        assertThat(change).contains("canary weight from 50 -> 0");
        int atZero = canary.count().get();
        // every kind of request: none by weight, user, region or cookie reaches the canary
        Map<String, Integer> answers = send(REQUESTS, i -> switch (i % 4) {
            case 0 -> Map.of();
            case 1 -> Map.of("X-User-Id", "user-" + i);
            case 2 -> Map.of("X-Region", "eu-west");
            default -> Map.of("Cookie", "canary=true");
        });
        assertThat(answers).containsOnly(Map.entry("stable", REQUESTS));
        assertThat(canary.count().get()).as("requests the canary server counted after the shift to 0")
                .isEqualTo(atZero);
        assertThat(router.state("shop")).satisfies(s -> {
            assertThat(s.weights()).containsEntry("canary", 0).containsEntry("stable", 100);
            assertThat(s.canaryPercent()).isZero();
        });
    }

    @Test
    void aBlueGreenSwitchMovesAllTrafficAtOnce() throws Exception {
        router.applyRules("web", null);
        router.switchColour("web", "blue");
        assertThat(send(300, i -> Map.of(), "/web")).containsOnly(Map.entry("stable", 300)); // blue = stable's server
        assertThat(router.switchColour("web", "green")).contains("live colour from blue -> green");
        assertThat(send(300, i -> Map.of(), "/web")).containsOnly(Map.entry("canary", 300));
        // the switch-back
        assertThat(router.switchColour("web", "blue")).contains("live colour from green -> blue");
        assertThat(send(300, i -> Map.of(), "/web")).containsOnly(Map.entry("stable", 300));
    }

    @Test
    void changesWeightsWithoutAReloadAndRulesWithACheckedReloadThatFailsNoRequest() throws Exception {
        var master = new RuntimeApi(dir.resolve("master.sock"), Duration.ofSeconds(5));
        var stats = new RuntimeApi(dir.resolve("admin.sock"), Duration.ofSeconds(5));
        var reloader = new HaproxyReloader(ENV, config.haproxy(), stats);
        var procBefore = reloader.proc();
        String pid = stats.info().get("Pid");
        for (int i = 0; i < 50; i++) {
            router.shiftCanary("shop", i % 2 == 0 ? 30 : 70);
        }
        assertThat(reloader.proc().reloads()).as("reloads after 50 weight changes").isEqualTo(procBefore.reloads());
        assertThat(stats.info().get("Pid")).isEqualTo(pid);
        assertThat(master).isNotNull();

        // a rule change under load: a new worker, the weights kept, not one request failed
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger ok = new AtomicInteger();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread load = new Thread(() -> {
            long until = System.nanoTime() + Duration.ofSeconds(15).toNanos(); // bounded, whatever happens
            while (!stop.get() && System.nanoTime() < until) {
                try {
                    var r = http.send(request("/", Map.of()), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        ok.incrementAndGet();
                    } else {
                        failures.add("HTTP " + r.statusCode());
                    }
                } catch (Exception e) {
                    failures.add(e.toString());
                }
            }
        });
        load.start();
        Thread.sleep(300);
        int beforeReload = ok.get();
        String applied = router.applyRules("shop", new RoutingConfig("X-Customer", null, List.of("sa-east"), null));
        int atReload = ok.get();
        Thread.sleep(300);
        stop.set(true);
        load.join();
        System.out.println("haproxy rule change: " + applied + "; requests " + beforeReload + " before, "
                + (atReload - beforeReload) + " during, " + (ok.get() - atReload) + " after, failed " + failures);
        assertThat(applied).contains("reloaded");
        assertThat(failures).isEmpty();
        assertThat(ok.get() - atReload).as("requests answered after the reload").isPositive();
        assertThat(stats.info().get("Pid")).isNotEqualTo(pid);
        assertThat(reloader.proc().reloads()).isEqualTo(procBefore.reloads() + 1);
        assertThat(router.state("shop").weights()).containsEntry("canary", 70).containsEntry("stable", 30);
        assertThat(router.state("shop").canaryPercent()).isEqualTo(70);
        // the same rules again: nothing to reload
        assertThat(router.applyRules("shop", new RoutingConfig("X-Customer", null, List.of("sa-east"), null)))
                .contains("no reload");
        assertThat(reloader.proc().reloads()).isEqualTo(procBefore.reloads() + 1);
    }

    @Test
    void measuresCommandToWeightAppliedLatency() {
        int changes = 200;
        long[] nanos = new long[changes];
        for (int i = 0; i < changes; i++) {
            long start = System.nanoTime();
            router.shiftCanary("shop", 5 + (i % 2) * 5); // 5 and 10: the canary steps of a partial rollback
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        double p50 = nanos[changes / 2] / 1e6;
        double p99 = nanos[(int) (changes * 0.99) - 1] / 1e6;
        System.out.printf("haproxy command -> weight applied and read back over %d changes: p50 %.2f ms, p99 %.2f ms,"
                + " max %.2f ms%n", changes, p50, p99, nanos[changes - 1] / 1e6);
        assertThat(p99).as("p99 ms").isLessThan(250);
    }

    @Test
    void aChangeWaitsWhileAnotherProcessHoldsTheRoutersLockAndFailsWithTheReasonPastItsTimeout() throws Exception {
        Path lockFile = dir.resolve("backends.cfg.lock");
        // a second deploy-service process in the middle of its own change
        try (var other = RouterLockHolder.start(lockFile, 1_200)) {
            router.shiftCanary("shop", 30);
            long done = System.currentTimeMillis();
            assertThat(done).as("the change ended after the other process let go").isGreaterThanOrEqualTo(
                    other.releasedAtMillis());
        }
        assertThat(router.state("shop").weights()).containsEntry("canary", 30);

        var impatient = new HaproxyRouter(ENV, new RouterProperties.EnvironmentRouter("haproxy", new RouterProperties.Haproxy(
                dir.resolve("admin.sock"), dir.resolve("master.sock"), dir.resolve("backends.cfg"),
                dir.resolve("canary.map"), config.haproxy().otherConfigFiles(), config.haproxy().binary(), null,
                Duration.ofMillis(300)), config.applications()));
        try (var other = RouterLockHolder.start(lockFile, 5_000)) {
            assertThatThrownBy(() -> impatient.shiftCanary("shop", 40)).isInstanceOf(RouterException.class)
                    .hasMessageContaining("another process holds the router's lock " + lockFile)
                    .hasMessageContaining("PT0.3S");
            assertThatThrownBy(() -> impatient.applyRules("shop", new RoutingConfig(null, null, List.of("eu"), null)))
                    .isInstanceOf(RouterException.class).hasMessageContaining("holds the router's lock");
        }
        // nothing was changed by the refused calls
        assertThat(router.state("shop").weights()).containsEntry("canary", 30);
    }

    @Test
    void refusesWithTheReason() throws Exception {
        // a router whose haproxy is not there
        var gone = new HaproxyRouter(ENV, new RouterProperties.EnvironmentRouter("haproxy", new RouterProperties.Haproxy(
                dir.resolve("nobody.sock"), null, dir.resolve("other.cfg"), dir.resolve("other.map"), List.of(),
                null, null, Duration.ofSeconds(1)), config.applications()));
        assertThatThrownBy(() -> gone.shiftCanary("shop", 10)).isInstanceOf(RouterException.class)
                .hasMessageContaining("nobody.sock is not answering");
        // an address haproxy cannot use: refused by haproxy -c, the file in force stays, so does haproxy
        String inForce = Files.readString(dir.resolve("backends.cfg"));
        var badPort = new HaproxyRouter(ENV, routerConfig(config.haproxy().binary(), config.haproxy().otherConfigFiles()
                .get(0), Map.of("shop", new RouterProperties.TargetServers(stable.address(), "127.0.0.1:99999", null,
                null), "web", config.applications().get("web"))));
        assertThatThrownBy(() -> badPort.applyRules("shop", new RoutingConfig(null, null, List.of("x"), null)))
                .isInstanceOf(RouterException.class).hasMessageContaining("haproxy -c refused");
        assertThat(Files.readString(dir.resolve("backends.cfg"))).isEqualTo(inForce);
        assertThat(get(Map.of())).isIn("stable", "canary");
        // what a request could smuggle into the configuration
        assertThatThrownBy(() -> router.applyRules("shop", new RoutingConfig(null, null, List.of("eu west\n#"), null)))
                .isInstanceOf(RouterException.class).hasMessageContaining("cannot be routed on");
        assertThatThrownBy(() -> router.shiftCanary("shop", 101)).hasMessageContaining("0..100");
        assertThatThrownBy(() -> router.switchColour("shop", "blue")).hasMessageContaining("no colours");
        assertThatThrownBy(() -> router.shiftCanary("nope", 1)).hasMessageContaining("routes no application nope");
    }

    private Map<String, Integer> send(int n, java.util.function.IntFunction<Map<String, String>> headers)
            throws Exception {
        return send(n, headers, "/");
    }

    private Map<String, Integer> send(int n, java.util.function.IntFunction<Map<String, String>> headers, String path)
            throws Exception {
        Map<String, Integer> answers = new java.util.TreeMap<>();
        for (int i = 0; i < n; i++) {
            var r = http.send(request(path, headers.apply(i)), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("request %d", i).isEqualTo(200);
            answers.merge(r.body(), 1, Integer::sum);
        }
        return answers;
    }

    private String get(Map<String, String> headers) throws Exception {
        var r = http.send(request("/", headers), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private HttpRequest request(String path, Map<String, String> headers) {
        var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5));
        headers.forEach(b::header);
        return b.build();
    }

    private void awaitStats() throws Exception {
        var stats = new RuntimeApi(dir.resolve("admin.sock"), Duration.ofSeconds(1));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!haproxy.isAlive()) {
                fail("haproxy exited at start: " + Files.readString(dir.resolve("haproxy.log")));
            }
            try {
                if (stats.info().containsKey("Pid")) {
                    return;
                }
            } catch (RouterException e) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        fail("haproxy's stats socket did not answer within 10 s: " + Files.readString(dir.resolve("haproxy.log")));
    }

    /** haproxy on the PATH or Debian's; missing, the test fails and says how to get it (CI installs it). */
    /** The global and defaults sections the router tests start haproxy with: its runtime API on {@code statsSocket}. */
    static String prelude(Path statsSocket) {
        return """
                global
                    stats socket %s mode 600 level admin
                defaults
                    mode http
                    timeout connect 2s
                    timeout client 10s
                    timeout server 10s
                """.formatted(statsSocket);
    }

    static String haproxyBinary() {
        for (String dirName : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dirName.isEmpty() && Files.isExecutable(Path.of(dirName, "haproxy"))) {
                return Path.of(dirName, "haproxy").toString();
            }
        }
        if (Files.isExecutable(Path.of("/usr/sbin/haproxy"))) {
            return "/usr/sbin/haproxy";
        }
        return fail("HaproxyRouterIT needs HAProxy 2.6+: install it with 'apt-get install -y haproxy' (and"
                + " 'service haproxy stop', the tests start their own), or put haproxy on the PATH");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
