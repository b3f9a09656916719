package io.releasecontrol.deploy.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.releasecontrol.runtime.identity.IdentityCodec;
import io.releasecontrol.runtime.identity.InvalidIdentityException;
import io.releasecontrol.runtime.identity.TrustedIdentity;
import io.releasecontrol.runtime.testsupport.RcInfrastructureInitializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * The two version-service endpoints deploy-service calls, in process, for deploy-service's
 * integration tests (the real cross-service path runs in e2e): {@code GET .../versions/{version}}
 * and {@code POST .../versions} (201, or 409 when it exists; 404 for applications named
 * {@code unregistered-*}). Versions are kept as their JSON answer, keyed {@code app/version}. Like
 * version-service it answers 401 to a caller without a verified identity and 403 without the role
 * (viewer to read, deployer to register), so deploy-service's calls must be signed.
 */
public final class VersionServiceStub {

    private static final Pattern ONE = Pattern.compile("/api/v1/applications/([^/]+)/versions/([^/]+)");
    private static final Pattern ALL = Pattern.compile("/api/v1/applications/([^/]+)/versions");
    private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"");
    private static final Map<String, String> VERSIONS = new ConcurrentHashMap<>();
    private static final List<String> REGISTRATIONS = new CopyOnWriteArrayList<>();
    private static final IdentityCodec IDENTITY = new IdentityCodec(RcInfrastructureInitializer.TEST_IDENTITY_SECRET,
            Duration.ofMinutes(5), Clock.systemUTC());
    private static volatile boolean down;
    private static HttpServer server;

    private VersionServiceStub() {
    }

    static synchronized String url() {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/", VersionServiceStub::handle);
            server.start();
        }
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Registers a version as version-service would answer it ({@code migrations}: a JSON array). */
    public static void put(String app, String version, String migrations) {
        VERSIONS.put(app + "/" + version, "{\"application\":\"" + app + "\",\"version\":\"" + version
                + "\",\"migrations\":" + migrations + "}");
    }

    /** The bodies POSTed for {@code app}, in order. */
    public static List<String> registrations(String app) {
        return REGISTRATIONS.stream().filter(r -> r.startsWith(app + " ")).map(r -> r.substring(app.length() + 1))
                .toList();
    }

    /** While down, every call answers 503. */
    public static void down(boolean value) {
        down = value;
    }

    private static void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        Matcher one = ONE.matcher(path);
        Matcher all = ALL.matcher(path);
        String role = "GET".equals(ex.getRequestMethod()) ? TrustedIdentity.VIEWER : TrustedIdentity.DEPLOYER;
        TrustedIdentity caller = caller(ex);
        if (down) {
            answer(ex, 503, problem("stub is down"));
        } else if (caller == null) {
            answer(ex, 401, problem("no verified identity"));
        } else if (!caller.hasRole(role)) {
            answer(ex, 403, problem(caller.subject() + " lacks role " + role));
        } else if ("GET".equals(ex.getRequestMethod()) && one.matches()) {
            String found = VERSIONS.get(one.group(1) + "/" + one.group(2));
            answer(ex, found == null ? 404 : 200, found == null ? problem("version " + one.group(2) + " of "
                    + one.group(1) + " is not registered") : found);
        } else if ("POST".equals(ex.getRequestMethod()) && all.matches()) {
            String app = all.group(1);
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher v = VERSION.matcher(body);
            if (app.startsWith("unregistered-")) {
                answer(ex, 404, problem("application '" + app + "' is not registered"));
            } else if (!v.find()) {
                answer(ex, 400, problem("version is required"));
            } else {
                REGISTRATIONS.add(app + " " + body);
                boolean created = VERSIONS.putIfAbsent(app + "/" + v.group(1), "{\"application\":\"" + app
                        + "\",\"version\":\"" + v.group(1) + "\",\"migrations\":[]}") == null;
                answer(ex, created ? 201 : 409, created ? body : problem("version " + v.group(1) + " of " + app
                        + " exists already"));
            }
        } else {
            answer(ex, 404, problem("no such stub endpoint " + path));
        }
    }

    private static TrustedIdentity caller(HttpExchange ex) {
        try {
            return IDENTITY.verify(ex.getRequestHeaders().getFirst(IdentityCodec.HEADER));
        } catch (InvalidIdentityException e) {
            return null;
        }
    }

    private static String problem(String detail) {
        return "{\"type\":\"https://releasecontrol.io/problems/stub\",\"detail\":\"" + detail + "\"}";
    }

    private static void answer(HttpExchange ex, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (var out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Points every test context at the stub ({@code META-INF/spring.factories}). */
    public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("versionServiceStub",
                    Map.of("rc.deploy.version-service.url", url())));
        }
    }
}
