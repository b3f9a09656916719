package io.releasecontrol.demo.real;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One server of the demo HTTP service on 127.0.0.1, running one version at a time: answers every
 * request 200, or 500 for a configurable share of them (chosen at random, so a version can fail on
 * purpose, which the JDK's jwebserver cannot), with the version in {@code X-Version}. It counts what
 * it served and when (epoch millis of every request, a few thousand a minute), so a test can tell
 * the canary's last real request from HAProxy's view.
 *
 * <p>{@code POST /_install?version=V} is its deployment: the demo's deploy script
 * ({@code deploy/real/demo-deploy.sh}) calls it on the server the router names, and from then on the
 * server answers as V with V's error share ({@link #installable}). A real script would copy a build
 * and restart a service; here the versions differ only in their error share. The demo's HAProxy
 * refuses the path from outside ({@link HaproxyProcess}).
 */
public final class DemoVersion implements AutoCloseable {

    private static final byte[] OK = "ok\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FAILED = "failed on purpose\n".getBytes(StandardCharsets.US_ASCII);

    public static final String INSTALL_PATH = "/_install";

    private volatile String version;
    /** what each version installable here does: its error share */
    private volatile Map<String, Double> errorShares = Map.of();
    private final HttpServer server;
    private final SplittableRandom random;
    private volatile double errorShare;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final ConcurrentLinkedQueue<Long> served = new ConcurrentLinkedQueue<>();

    private DemoVersion(String version, int port, double errorShare, long seed) throws IOException {
        this.version = version;
        this.errorShare = errorShare;
        this.random = new SplittableRandom(seed);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        server.createContext("/", exchange -> {
            boolean fail;
            synchronized (random) {
                fail = random.nextDouble() < this.errorShare;
            }
            requests.incrementAndGet();
            served.add(System.currentTimeMillis());
            byte[] body = fail ? FAILED : OK;
            if (fail) {
                errors.incrementAndGet();
            }
            exchange.getResponseHeaders().add("X-Version", this.version);
            // one write with a known length: no chunked trailer waiting for a delayed ACK
            exchange.sendResponseHeaders(fail ? 500 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext(INSTALL_PATH, this::install);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "demo-" + version);
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** Starts {@code version} on 127.0.0.1:{@code port} (0: a free one), failing {@code errorShare} (0..1) of its requests. */
    public static DemoVersion start(String version, int port, double errorShare, long seed) {
        try {
            return new DemoVersion(version, port, errorShare, seed);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start demo version " + version, e);
        }
    }

    public String version() {
        return version;
    }

    /** The versions a deploy script may install here, with the error share each answers with. */
    public DemoVersion installable(Map<String, Double> errorShareByVersion) {
        this.errorShares = Map.copyOf(errorShareByVersion);
        return this;
    }

    private void install(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getQuery();
        String wanted = query == null || !query.startsWith("version=") ? "" : query.substring("version=".length());
        Double share = errorShares.get(wanted);
        int status;
        String answer;
        if (!"POST".equals(exchange.getRequestMethod())) {
            status = 405;
            answer = "POST " + INSTALL_PATH + "?version=V\n";
        } else if (share == null) {
            status = 404;
            answer = "no version '" + wanted + "' to install here (installable: " + new java.util.TreeSet<>(errorShares.keySet())
                    + ")\n";
        } else {
            String was = version;
            errorShare = share;
            version = wanted;
            status = 200;
            answer = "installed " + wanted + " on " + address() + " (was " + was + ")\n";
        }
        byte[] body = answer.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    /** host:port, as the router's configuration names a server */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public void errorShare(double share) {
        this.errorShare = share;
    }

    public long requests() {
        return requests.get();
    }

    public long errors() {
        return errors.get();
    }

    /** How many requests it served at or after {@code epochMillis}. */
    public long servedSince(long epochMillis) {
        return served.stream().filter(t -> t >= epochMillis).count();
    }

    /** Epoch millis of its latest request, 0 before the first. */
    public long lastServedAt() {
        return served.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
