package io.releasecontrol.e2e;

import io.releasecontrol.runtime.config.PostgresUrl;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The whole suite as {@code bin/rc up --detach} starts it — a Kafka KRaft broker, the MongoDB-wire
 * server and the five services, each its own process from its built jar — with its state under
 * {@code e2e/target/rc-stack}, a database of its own ({@code rc_e2e_<hash of the state dir>}, recreated
 * on every start, so runs from two checkouts sharing one PostgreSQL never drop each other's)
 * and free ports, so it never meets a developer's stack or another build. One per test JVM,
 * stopped by {@code bin/rc down} when the JVM exits, whatever the tests' outcome.
 */
public final class LocalStack {

    static final List<String> SERVICES =
            List.of("version-service", "deploy-service", "metrics-service", "rollback-orchestrator", "gateway");
    static final String DATABASE_PREFIX = "rc_e2e_";
    /** metrics-service runs scaled out, as the chart runs it: every story goes through instances sharing partitions */
    static final int METRICS_INSTANCES = Integer.getInteger("rc.e2e.metricsInstances", 3);

    private static LocalStack shared;

    private final Path root;
    private final Path stateDir;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final String gatewayUrl;
    private final String kafkaBootstrap;
    private final String adminKey;
    private final PostgresUrl database;
    private final String databaseName;
    private Duration startup = Duration.ZERO;
    private RealTraffic realTraffic;

    /**
     * The closed loop's fixed places (RealTrafficIT): deploy-service's router for {@code staging}
     * routes {@link #APPLICATIONS} through the HAProxy the test starts with these files and ports, and
     * metrics-service pulls from the Prometheus the test starts on {@code prometheusPort}. Both must
     * be known when the stack starts (configuration, never a request); the other stories' applications
     * are not listed, so their steps stay as without a router.
     */
    public record RealTraffic(Path dir, Map<String, int[]> ports, int exporterPort, int prometheusPort) {
        /** per application: frontend, stable server, canary server */
        public static final List<String> APPLICATIONS = List.of("loopbad", "loophealthy");
    }

    private LocalStack(String gatewayUrl, String adminKey, String kafkaBootstrap) {
        root = Path.of(System.getProperty("rc.e2e.root", "..")).toAbsolutePath().normalize();
        stateDir = null;
        database = null;
        databaseName = null;
        this.gatewayUrl = gatewayUrl;
        this.kafkaBootstrap = kafkaBootstrap;
        this.adminKey = adminKey;
    }

    private LocalStack() {
        root = Path.of(System.getProperty("rc.e2e.root", "..")).toAbsolutePath().normalize();
        stateDir = Path.of(System.getProperty("rc.e2e.stateDir", "target/rc-stack")).toAbsolutePath().normalize();
        adminKey = "rck_e2e_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        String base = System.getenv("RC_POSTGRES_URL");
        databaseName = DATABASE_PREFIX + Integer.toHexString(stateDir.toString().hashCode());
        database = PostgresUrl.parse(base == null || base.isBlank() ? PostgresUrl.DEFAULT : base).withDatabase(databaseName);
        int[] ports = freePorts(8 + METRICS_INSTANCES - 1);
        gatewayUrl = "http://127.0.0.1:" + ports[0];
        kafkaBootstrap = "127.0.0.1:" + ports[5];
        env.put("RC_STATE_DIR", stateDir.toString());
        env.put("RC_ADMIN_API_KEY", adminKey);
        env.put("RC_IDENTITY_SECRET", HexFormat.of().formatHex(new SecureRandom().generateSeed(24)));
        env.put("RC_POSTGRES_URL", database.toLibpq());
        env.put("RC_GATEWAY_PORT", Integer.toString(ports[0]));
        env.put("RC_VERSION_SERVICE_PORT", Integer.toString(ports[1]));
        env.put("RC_DEPLOY_SERVICE_PORT", Integer.toString(ports[2]));
        env.put("RC_METRICS_SERVICE_PORT", Integer.toString(ports[3]));
        env.put("RC_ROLLBACK_ORCHESTRATOR_PORT", Integer.toString(ports[4]));
        env.put("RC_KAFKA_PORT", Integer.toString(ports[5]));
        env.put("RC_KAFKA_CONTROLLER_PORT", Integer.toString(ports[6]));
        env.put("RC_MONGO_PORT", Integer.toString(ports[7]));
        env.put("RC_METRICS_INSTANCES", Integer.toString(METRICS_INSTANCES));
        for (int i = 2; i <= METRICS_INSTANCES; i++) {
            env.put("RC_METRICS_SERVICE_" + i + "_PORT", Integer.toString(ports[8 + i - 2]));
        }
        // a loaded 2-core machine starts five Spring Boot services slowly
        env.put("RC_READY_TIMEOUT", "300");
        // our own broker and Mongo-wire server, never a developer's from the environment
        env.put("RC_KAFKA_BOOTSTRAP", "");
        env.put("RC_MONGODB_URI", "");
        // rate-limit buckets of this stack only, not shared through Redis with other builds
        env.put("RC_RATE_LIMIT_STORE", "memory");
        // the rollback stories watch a partial rollback for seconds, not the production 15 minutes;
        // long enough for a story to feed a recovery on a loaded machine
        env.put("RC_ORCHESTRATOR_OBSERVATION", System.getProperty("rc.e2e.observation", "PT20S"));
        // the stories' traces run 5 s of sample time per tick and may not run ahead of the clock: a
        // step gate asks for 200 requests in 2 samples (production: 1,000 in 30), and deploy-service
        // asks it every half second; the per-application policies of the gate stories ask for more
        env.put("RC_METRICS_GATE_MIN_REQUESTS", "200");
        env.put("RC_METRICS_GATE_MIN_INTERVALS", "2");
        env.put("RC_DEPLOY_ANALYSIS_POLL", "PT0.5S");
        realTraffic = configureRealTraffic();
    }

    private RealTraffic configureRealTraffic() {
        int[] p = freePorts(2 + 3 * RealTraffic.APPLICATIONS.size());
        Path dir = stateDir.resolve("haproxy");
        var layout = new io.releasecontrol.demo.real.HaproxyProcess.Layout(dir);
        String router = "RC_DEPLOY_ROUTERS_STAGING_";
        env.put(router + "KIND", "haproxy");
        env.put(router + "HAPROXY_STATSSOCKET", layout.statsSocket().toString());
        env.put(router + "HAPROXY_MASTERSOCKET", layout.masterSocket().toString());
        env.put(router + "HAPROXY_BACKENDSFILE", layout.backendsFile().toString());
        env.put(router + "HAPROXY_MAPFILE", layout.mapFile().toString());
        env.put(router + "HAPROXY_OTHERCONFIGFILES", layout.frontFile().toString());
        Map<String, int[]> ports = new LinkedHashMap<>();
        for (int i = 0; i < RealTraffic.APPLICATIONS.size(); i++) {
            String app = RealTraffic.APPLICATIONS.get(i);
            int[] three = {p[2 + 3 * i], p[3 + 3 * i], p[4 + 3 * i]};
            ports.put(app, three);
            env.put(router + "APPLICATIONS_" + app.toUpperCase(java.util.Locale.ROOT) + "_STABLE", "127.0.0.1:" + three[1]);
            env.put(router + "APPLICATIONS_" + app.toUpperCase(java.util.Locale.ROOT) + "_CANARY", "127.0.0.1:" + three[2]);
        }
        // the demo's deploy script installs on the servers the router names (deploy/real/demo-deploy.sh),
        // for the deployments that ask for it; the orchestrator's commands keep the simulated executor
        env.put("RC_DEPLOY_ENVIRONMENTS_STAGING_SCRIPT", root.resolve("deploy/real/demo-deploy.sh").toString());
        env.put("RC_DEPLOY_ENVIRONMENTS_STAGING_EXECUTOR", "simulated");
        // a 1 s pull; each metrics-service instance pulls the targets of the partitions it owns
        env.put("RC_METRICS_PROMETHEUS_ENABLED", "true");
        env.put("RC_METRICS_PROMETHEUS_URL", "http://127.0.0.1:" + p[1]);
        env.put("RC_METRICS_PROMETHEUS_INTERVAL", "PT1S");
        env.put("RC_METRICS_PROMETHEUS_TIMEOUT", "PT0.9S");
        return new RealTraffic(dir, ports, p[0], p[1]);
    }

    /** The closed loop's places; null for a stack this JVM did not start (its configuration is unknown). */
    public RealTraffic realTraffic() {
        return realTraffic;
    }

    /**
     * The stack of this JVM, started on first use and shared by every test class; with
     * {@code -Drc.e2e.gateway=URL -Drc.e2e.adminKey=KEY -Drc.e2e.kafka=HOST:PORT} a stack that is
     * already running instead (for working on a story).
     */
    public static synchronized LocalStack shared() {
        if (shared == null && System.getProperty("rc.e2e.gateway") != null) {
            shared = new LocalStack(System.getProperty("rc.e2e.gateway"), System.getProperty("rc.e2e.adminKey"),
                    System.getProperty("rc.e2e.kafka", "127.0.0.1:9092"));
        }
        if (shared == null) {
            LocalStack stack = new LocalStack();
            Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "rc-e2e-stack-down"));
            stack.start();
            shared = stack;
        }
        return shared;
    }

    public String gatewayUrl() {
        return gatewayUrl;
    }

    /** The stack's Kafka broker, for reading the story's events back from the topics. */
    public String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    public String adminKey() {
        return adminKey;
    }

    public Duration startup() {
        return startup;
    }

    public Path logs() {
        return stateDir.resolve("logs");
    }

    /** The names of the metrics-service instances: metrics-service, metrics-service-2, ... */
    public List<String> metricsInstances() {
        List<String> names = new java.util.ArrayList<>(List.of("metrics-service"));
        for (int i = 2; i <= (ownsProcesses() ? METRICS_INSTANCES : 1); i++) {
            names.add("metrics-service-" + i);
        }
        return names;
    }

    /** True for the stack this JVM started (its processes can be killed and restarted), false for a running one. */
    public boolean ownsProcesses() {
        return stateDir != null;
    }

    /**
     * SIGKILL to a process of the stack (a service name or {@code kafka}), as a crash: no shutdown
     * hook, no clean leave from the consumer group, nothing flushed. Returns once it is gone.
     */
    public void kill(String name) {
        Path pidFile = stateDir.resolve(name + ".pid");
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            ProcessHandle process = ProcessHandle.of(pid)
                    .orElseThrow(() -> new IllegalStateException(name + " (pid " + pid + ") is not running"));
            process.destroyForcibly(); // SIGKILL on Linux
            process.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not kill " + name + ": " + e, e);
        }
    }

    /** Starts a killed process again with its settings ({@code bin/rc restart NAME}); returns once it is ready. */
    public void restart(String name) {
        try {
            int code = run(Duration.ofSeconds(300), "restart", name);
            if (code != 0) {
                throw new IllegalStateException("bin/rc restart " + name + " failed (exit " + code + "); see "
                        + stateDir.resolve("rc.log") + " and " + logs().resolve(name + ".log"));
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not restart " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while restarting " + name, e);
        }
    }

    /**
     * PostgreSQL goes away for the stack for {@code down}: every connection to the stack's database
     * is terminated and new ones are refused, then allowed again — what the services see of a
     * server restart, without restarting a server other databases (a developer's) live on. With
     * {@code -Drc.chaos.postgresRestart="pg_ctlcluster 15 main restart"} that command restarts the
     * real server instead (the larger chaos run; needs the rights to).
     */
    public String interruptDatabase(Duration down) {
        String command = System.getProperty("rc.chaos.postgresRestart", "").trim();
        try {
            if (!command.isEmpty()) {
                Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes());
                if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IllegalStateException("'" + command + "' failed: " + out);
                }
                return "restarted (" + command + ")";
            }
            try (Connection c = adminConnection(); Statement s = c.createStatement()) {
                s.execute("ALTER DATABASE " + databaseName + " WITH ALLOW_CONNECTIONS false");
                try {
                    s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + databaseName
                            + "' AND pid <> pg_backend_pid()");
                    Thread.sleep(down.toMillis());
                } finally {
                    s.execute("ALTER DATABASE " + databaseName + " WITH ALLOW_CONNECTIONS true");
                }
            }
            return "connections terminated and refused for " + down.toSeconds() + " s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("could not interrupt the database " + databaseName + ": " + e, e);
        }
    }

    private Connection adminConnection() throws java.sql.SQLException {
        Properties props = new Properties();
        props.setProperty("user", database.user());
        if (database.password() != null) {
            props.setProperty("password", database.password());
        }
        return DriverManager.getConnection(database.withDatabase("postgres").jdbcUrl(), props);
    }

    private void start() {
        for (String service : SERVICES) {
            if (!hasJar(service)) {
                throw new IllegalStateException(service + " has no Spring Boot jar in " + root.resolve(service + "/target")
                        + ": build the services first (./mvnw -B verify from the root builds them before e2e, or"
                        + " ./mvnw -B install -DskipTests)");
            }
        }
        try {
            if (Files.isDirectory(stateDir)) {
                run(Duration.ofSeconds(90), "down"); // leftovers of a run that was killed
                deleteTree(stateDir);
            }
            Files.createDirectories(stateDir);
            // the launchers' classpath, resolved by this module's build (bin/rc would run Maven for it)
            Path classpath = Path.of(System.getProperty("rc.e2e.classpathFile", "target/deploy.classpath"));
            Files.copy(classpath, stateDir.resolve("deploy.classpath"));
            recreateDatabase();
            long t0 = System.nanoTime();
            int code = run(Duration.ofSeconds(420), "up", "--detach");
            startup = Duration.ofNanos(System.nanoTime() - t0);
            if (code != 0) {
                throw new IllegalStateException("bin/rc up failed (exit " + code + "); see " + stateDir.resolve("rc.log")
                        + " and the service logs in " + logs());
            }
            System.out.printf("e2e: stack up in %.1f s, gateway %s (logs in %s)%n", startup.toMillis() / 1000.0,
                    gatewayUrl(), logs());
        } catch (IOException e) {
            throw new IllegalStateException("could not prepare " + stateDir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the stack", e);
        }
    }

    private void stop() {
        try {
            run(Duration.ofSeconds(120), "down");
        } catch (Exception e) {
            System.err.println("e2e: bin/rc down failed: " + e);
        }
    }

    /** Runs bin/rc with this stack's environment, its output appended to the state dir's rc.log. */
    private int run(Duration timeout, String... args) throws IOException, InterruptedException {
        var command = new java.util.ArrayList<String>();
        command.add("bash");
        command.add(root.resolve("bin/rc").toString());
        command.addAll(List.of(args));
        Files.createDirectories(stateDir);
        var builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(stateDir.resolve("rc.log").toFile()));
        builder.environment().putAll(env);
        env.forEach((k, v) -> {
            if (v.isEmpty()) {
                builder.environment().remove(k);
            }
        });
        Process process = builder.start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            // TERM lets bin/rc's exit trap stop what it started
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            throw new IllegalStateException("bin/rc " + String.join(" ", args) + " did not finish within " + timeout);
        }
        return process.exitValue();
    }

    private void recreateDatabase() {
        try (Connection c = adminConnection(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + databaseName + " WITH (FORCE)");
        } catch (Exception e) {
            throw new IllegalStateException("could not reset database " + databaseName + " on " + database.host() + ":"
                    + database.port() + " (RC_POSTGRES_URL): " + e.getMessage(), e);
        }
    }

    private boolean hasJar(String service) {
        try (var files = Files.list(root.resolve(service).resolve("target"))) {
            return files.map(p -> p.getFileName().toString())
                    .anyMatch(n -> n.startsWith(service + "-") && n.endsWith(".jar") && !n.endsWith("-tests.jar")
                            && !n.endsWith("-sources.jar") && !n.endsWith("-plain.jar"));
        } catch (IOException e) {
            return false;
        }
    }

    private static int[] freePorts(int n) {
        var sockets = new ServerSocket[n];
        int[] ports = new int[n];
        try {
            for (int i = 0; i < n; i++) {
                sockets[i] = new ServerSocket(0);
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new IllegalStateException("no free ports", e);
        } finally {
            for (ServerSocket s : sockets) {
                try {
                    if (s != null) {
                        s.close();
                    }
                } catch (IOException ignored) {
                    // closing a probe socket
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
