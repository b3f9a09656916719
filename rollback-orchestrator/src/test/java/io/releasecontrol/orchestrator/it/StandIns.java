package io.releasecontrol.orchestrator.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.releasecontrol.runtime.identity.IdentityCodec;
import io.releasecontrol.runtime.identity.InvalidIdentityException;
import io.releasecontrol.runtime.identity.TrustedIdentity;
import io.releasecontrol.runtime.testsupport.RcInfrastructureInitializer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real HTTP servers on 127.0.0.1 that the orchestrator under test talks to: a version-service
 * stand-in answering the rollback-target query (404 problem+json for applications it was not told
 * about, like version-service does when it knows no good version; too late for applications named
 * {@code slow-*}), and a webhook receiver that
 * records what it got and can be told to fail. Started once per JVM; their URLs go to the context
 * through system properties, so every test context shares one configuration.
 */
public final class StandIns {

    /** Per application: the JSON body version-service answers. */
    static final Map<String, String> ROLLBACK_TARGETS = new ConcurrentHashMap<>();
    /** Every webhook delivery: path and body. */
    static final List<String[]> WEBHOOK_CALLS = new CopyOnWriteArrayList<>();
    /** Deliveries to answer with 503 before accepting again (for the retry test). */
    static final AtomicInteger WEBHOOK_FAILURES = new AtomicInteger();
    static final AtomicInteger VERSION_CALLS = new AtomicInteger();

    private static final IdentityCodec IDENTITY = new IdentityCodec(RcInfrastructureInitializer.TEST_IDENTITY_SECRET,
            Duration.ofMinutes(5), Clock.systemUTC());
    private static HttpServer server;

    private StandIns() {
    }

    public static synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/api/v1/applications/", StandIns::rollbackTarget);
        server.createContext("/hooks/", StandIns::webhook);
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        System.setProperty("rc.it.version-service-url", base);
        System.setProperty("rc.it.webhook-url", base + "/hooks");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0), "stand-ins-stop"));
    }

    private static void rollbackTarget(HttpExchange ex) throws IOException {
        VERSION_CALLS.incrementAndGet();
        String app = ex.getRequestURI().getPath().split("/")[4];
        String body = ROLLBACK_TARGETS.get(app);
        if (app.startsWith("slow-")) {
            // slower than the orchestrator's timeout: its answer must not be used
            sleep(3_000);
            body = "{\"targetVersion\":\"0.0.1-too-late\",\"requiresApproval\":false,\"reasons\":[]}";
        }
        if (!isViewer(ex)) {
            answer(ex, 401, "application/problem+json", "{\"status\":401,\"detail\":\"no verified viewer identity\"}");
        } else if (body == null) {
            answer(ex, 404, "application/problem+json",
                    "{\"status\":404,\"detail\":\"no good version of " + app + " other than the breaching one\"}");
        } else {
            answer(ex, 200, "application/json", body);
        }
    }

    /** as version-service checks it: a header signed with the shared secret, with at least the viewer role */
    private static boolean isViewer(HttpExchange ex) {
        try {
            return IDENTITY.verify(ex.getRequestHeaders().getFirst(IdentityCodec.HEADER)).hasRole(TrustedIdentity.VIEWER);
        } catch (InvalidIdentityException e) {
            return false;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void webhook(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (WEBHOOK_FAILURES.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            answer(ex, 503, "text/plain", "try later");
            return;
        }
        WEBHOOK_CALLS.add(new String[] {ex.getRequestURI().getPath(), body});
        answer(ex, 200, "text/plain", "ok");
    }

    private static void answer(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }
}
