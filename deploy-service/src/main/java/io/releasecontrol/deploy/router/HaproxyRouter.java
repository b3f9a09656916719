package io.releasecontrol.deploy.router;

import io.releasecontrol.deploy.strategy.RoutingConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One environment's HAProxy: per target a backend with stable and canary (or blue and green)
 * servers. Weights and the canary percent go through the runtime API and are read back, in
 * milliseconds and without a reload; rules and targets are a generated backends file, checked with
 * {@code haproxy -c} before it replaces the old one, then reloaded through the master CLI (the
 * old worker finishes its connections). One change at a time per environment: a reload renders
 * the weights it just read, so a weight set meanwhile must not slip between.
 */
final class HaproxyRouter implements TrafficRouter {

    private static final Logger log = LoggerFactory.getLogger(HaproxyRouter.class);
    /** Targets HAProxy has not seen yet start with all traffic on what runs (stable, or blue). */
    private static final Map<String, Integer> CANARY_START = Map.of("stable", 100, "canary", 0);
    private static final Map<String, Integer> BLUE_GREEN_START = Map.of("blue", 100, "green", 0);

    private final String environment;
    private final RouterProperties.Haproxy config;
    private final Map<String, RouterProperties.TargetServers> targets;
    private final Path mapFile;
    private final RuntimeApi stats;
    private final HaproxyReloader reloader;
    /** this JVM's callers one at a time; {@link #hostLock} the other processes too */
    private final Object lock = new Object();
    private final RouterFileLock hostLock;

    HaproxyRouter(String environment, RouterProperties.EnvironmentRouter router) {
        this.environment = environment;
        this.config = router.haproxy();
        String key = "rc.deploy.routers." + environment + ".haproxy";
        if (config == null || config.statsSocket() == null || config.backendsFile() == null
                || config.mapFile() == null) {
            throw new IllegalStateException(key + " needs stats-socket, backends-file and map-file");
        }
        this.targets = new TreeMap<>(router.applications());
        targets.forEach((app, servers) -> checkServers(environment, app, servers));
        this.mapFile = config.mapFile().toAbsolutePath().normalize();
        this.stats = new RuntimeApi(config.statsSocket(), config.timeout());
        this.reloader = new HaproxyReloader(environment, config, stats);
        Path backends = config.backendsFile().toAbsolutePath().normalize();
        this.hostLock = new RouterFileLock(backends.resolveSibling(backends.getFileName() + ".lock"), config.timeout());
        // every name and address is checked once, at start, by rendering the whole file
        HaproxyConfig.render(environment, mapFile, backends(Map.of(), name -> null));
    }

    private static void checkServers(String env, String app, RouterProperties.TargetServers s) {
        boolean canary = s.stable() != null && s.canary() != null && s.blue() == null && s.green() == null;
        boolean blueGreen = s.blue() != null && s.green() != null && s.stable() == null && s.canary() == null;
        if (!canary && !blueGreen) {
            throw new IllegalStateException("rc.deploy.routers." + env + ".applications." + app
                    + " needs either stable and canary, or blue and green (host:port each), got " + s);
        }
    }

    String backend(String application) {
        return config.backendName().replace("{application}", application).replace("{environment}", environment);
    }

    /** The file haproxy must be started with when it has none yet: every target at its start weights. */
    String initialBackends() {
        return HaproxyConfig.render(environment, mapFile, backends(Map.of(), name -> null));
    }

    Path mapFile() {
        return mapFile;
    }

    @Override
    public boolean routes(String application) {
        return targets.containsKey(application);
    }

    @Override
    public Map<String, String> servers(String application) {
        return target(application).byRole();
    }

    @Override
    public boolean blueGreen(String application) {
        return !target(application).isCanary();
    }

    private RouterProperties.TargetServers target(String application) {
        var t = targets.get(application);
        if (t == null) {
            throw new RouterException("haproxy of " + environment + " routes no application " + application
                    + " (rc.deploy.routers." + environment + ".applications)");
        }
        return t;
    }

    @Override
    public String applyRules(String application, RoutingConfig rules) {
        var target = target(application);
        String backend = backend(application);
        synchronized (lock) {
            return hostLock.with(() -> rulesLocked(target, backend, rules));
        }
    }

    private String rulesLocked(RouterProperties.TargetServers target, String backend, RoutingConfig rules) {
        String current = read(config.backendsFile());
        Map<String, RoutingConfig> inForce = HaproxyConfig.rules(current);
        Map<String, RoutingConfig> wanted = new LinkedHashMap<>(inForce);
        if (target.isCanary()) {
            wanted.put(backend, rules == null ? RoutingConfig.DEFAULT : rules);
        }
        String next = HaproxyConfig.render(environment, mapFile, backends(wanted, this::runtimeWeights));
        String shown = target.isCanary() ? describe(wanted.get(backend)) : "blue-green, no rules";
        if (HaproxyConfig.skeleton(next).equals(HaproxyConfig.skeleton(current))) {
            return "haproxy " + backend + ": rules unchanged (" + shown + "), no reload";
        }
        ensureMapFile();
        String reload = reloader.replaceAndReload(current, next);
        String from = inForce.containsKey(backend) ? describe(inForce.get(backend))
                : current.contains("backend " + backend + "\n") ? "blue-green, no rules" : "no backend";
        log.info("haproxy {} ({}): rules from {} -> {}; {}", backend, environment, from, shown, reload);
        return "haproxy " + backend + ": rules from " + from + " -> " + shown + "; " + reload;
    }

    @Override
    public String shiftCanary(String application, int percent) {
        if (percent < 0 || percent > 100) {
            throw new RouterException("canary share must be 0..100, got " + percent);
        }
        if (!target(application).isCanary()) {
            throw new RouterException(application + " has blue and green servers behind haproxy of " + environment
                    + ": it switches colours, it has no canary");
        }
        String b = backend(application);
        synchronized (lock) {
            return hostLock.with(() -> shiftLocked(b, percent));
        }
    }

    private String shiftLocked(String b, int percent) {
        int before = stats.weight(b, "canary");
        String percentBefore = stats.mapValue(mapFile, b);
        String map = (percentBefore == null ? "add map " : "set map ") + mapFile + " " + b + " " + percent;
        List<String> weights = List.of("set server " + b + "/canary weight " + percent,
                "set server " + b + "/stable weight " + (100 - percent));
        List<String> commands = new ArrayList<>();
        // going down, the rules let go of the canary first; going up, the servers take it first
        if (percent < before) {
            commands.add(map);
            commands.addAll(weights);
        } else {
            commands.addAll(weights);
            commands.add(map);
        }
        stats.set(commands);
        int canary = stats.weight(b, "canary");
        int stable = stats.weight(b, "stable");
        String now = stats.mapValue(mapFile, b);
        if (canary != percent || stable != 100 - percent || !String.valueOf(percent).equals(now)) {
            throw new RouterException("haproxy " + b + " reports canary weight " + canary + ", stable " + stable
                    + ", percent " + now + " after being set to " + percent + "/" + (100 - percent));
        }
        writeMapFile();
        log.info("haproxy {} ({}): canary weight from {} -> {}", b, environment, before, canary);
        return "haproxy " + b + ": canary weight from " + before + " -> " + canary + " (stable " + stable
                + ", user-hash percent " + (percentBefore == null ? "none" : percentBefore) + " -> " + now + ")";
    }

    @Override
    public String switchColour(String application, String colour) {
        if (target(application).isCanary()) {
            throw new RouterException(application + " has stable and canary servers behind haproxy of "
                    + environment + ": it has no colours to switch");
        }
        if (!"blue".equals(colour) && !"green".equals(colour)) {
            throw new RouterException("colour must be blue or green, got " + colour);
        }
        String idle = "blue".equals(colour) ? "green" : "blue";
        String b = backend(application);
        synchronized (lock) {
            String before = live(stats.weight(b, "blue"), stats.weight(b, "green"));
            // the new colour takes traffic before the old lets go: never a moment with none
            stats.set(List.of("set server " + b + "/" + colour + " weight 100",
                    "set server " + b + "/" + idle + " weight 0"));
            int blue = stats.weight(b, "blue");
            int green = stats.weight(b, "green");
            String after = live(blue, green);
            if (!colour.equals(after)) {
                throw new RouterException("haproxy " + b + " reports blue " + blue + ", green " + green
                        + " after switching to " + colour);
            }
            log.info("haproxy {} ({}): live colour from {} -> {}", b, environment, before, after);
            return "haproxy " + b + ": live colour from " + before + " -> " + after + " (blue " + blue + ", green "
                    + green + ")";
        }
    }

    @Override
    public RouterState state(String application) {
        var target = target(application);
        String b = backend(application);
        synchronized (lock) {
            if (!target.isCanary()) {
                return new RouterState(b, Map.of("blue", stats.weight(b, "blue"), "green", stats.weight(b, "green")),
                        null, null);
            }
            String percent = stats.mapValue(mapFile, b);
            return new RouterState(b, Map.of("stable", stats.weight(b, "stable"), "canary", stats.weight(b, "canary")),
                    percent == null ? 0 : Integer.parseInt(percent),
                    HaproxyConfig.rules(read(config.backendsFile())).get(b));
        }
    }

    private static String live(int blue, int green) {
        return blue > 0 && green > 0 ? "blue+green" : blue > 0 ? "blue" : green > 0 ? "green" : "none";
    }

    private List<HaproxyConfig.Backend> backends(Map<String, RoutingConfig> rules,
            java.util.function.Function<String, Map<String, Integer>> weights) {
        List<HaproxyConfig.Backend> list = new ArrayList<>();
        targets.forEach((app, servers) -> {
            String name = backend(app);
            Map<String, Integer> w = weights.apply(name);
            list.add(new HaproxyConfig.Backend(name, servers, rules.getOrDefault(name, RoutingConfig.DEFAULT),
                    w != null ? w : servers.isCanary() ? CANARY_START : BLUE_GREEN_START));
        });
        return list;
    }

    /** The weights haproxy runs a backend with now; null when it has no such backend yet. */
    private Map<String, Integer> runtimeWeights(String backend) {
        Map<String, Integer> w = new TreeMap<>();
        for (String server : List.of("stable", "canary", "blue", "green")) {
            String answer = stats.send("get weight " + RuntimeApi.arg(backend) + "/" + server);
            if (answer.contains("No such backend")) {
                return null;
            }
            if (!answer.contains("No such server")) {
                w.put(server, RuntimeApi.parseWeight(answer, backend + "/" + server));
            }
        }
        return w;
    }

    private static String describe(RoutingConfig r) {
        return HaproxyConfig.rulesLine(r).substring(HaproxyConfig.RULES_MARK.length());
    }

    private void ensureMapFile() {
        if (!Files.exists(mapFile)) {
            write(mapFile, "");
        }
    }

    /** The map as haproxy holds it, written back: a reload or a restart starts from it. */
    private void writeMapFile() {
        write(mapFile, String.join("\n", stats.mapEntries(mapFile)) + "\n");
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new RouterException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Replaces the file at once: haproxy never reads half of it. */
    static void write(Path file, String text) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new RouterException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
