package io.releasecontrol.deploy.router;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Puts a new backends file in force: {@code haproxy -c} over the operator's files and the new one
 * (a refused file never replaces the old), then {@code reload} on the master CLI, which starts a
 * new worker on the same listeners while the old one finishes its connections. Done when the
 * master counts the reload and the new worker answers on the stats socket.
 */
final class HaproxyReloader {

    /** How often the master and the new worker are asked while a reload is under way. */
    private static final long POLL_MILLIS = 10;
    /** Lines of haproxy's own words kept in a refusal. */
    private static final int CHECK_LINES = 6;

    private final String environment;
    private final RouterProperties.Haproxy config;
    private final RuntimeApi stats;
    private final RuntimeApi master;

    HaproxyReloader(String environment, RouterProperties.Haproxy config, RuntimeApi stats) {
        this.environment = environment;
        this.config = config;
        this.stats = stats;
        this.master = config.masterSocket() == null ? null : new RuntimeApi(config.masterSocket(), config.timeout());
    }

    /** Checks {@code next}, puts it in place of {@code current} and reloads; says what it did. */
    String replaceAndReload(String current, String next) {
        if (master == null) {
            throw new RouterException("the routing rules or targets of " + environment + " changed but rc.deploy.routers."
                    + environment + ".haproxy.master-socket is not set: haproxy cannot be reloaded");
        }
        Path file = config.backendsFile();
        Path candidate = file.resolveSibling(file.getFileName() + ".next");
        HaproxyRouter.write(candidate, next);
        try {
            check(candidate);
        } finally {
            deleteQuietly(candidate);
        }
        Proc before = proc();
        HaproxyRouter.write(file, next);
        long started = System.nanoTime();
        master.send("reload");
        Proc after;
        try {
            after = awaitReload(before);
        } catch (RouterException e) {
            // haproxy keeps serving the old configuration: the file must say what runs
            HaproxyRouter.write(file, current);
            throw e;
        }
        awaitWorker(after.worker());
        return "checked with haproxy -c and reloaded in " + (System.nanoTime() - started) / 1_000_000
                + " ms (worker " + before.worker() + " -> " + after.worker() + ")";
    }

    /** {@code haproxy -c} over the operator's files and the candidate. */
    void check(Path candidate) {
        List<String> command = new ArrayList<>(List.of(config.binary(), "-c"));
        config.otherConfigFiles().forEach(f -> command.addAll(List.of("-f", f.toString())));
        command.addAll(List.of("-f", candidate.toString()));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(config.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new RouterException("haproxy -c did not finish within " + config.timeout());
            }
            if (p.exitValue() != 0) {
                List<String> lines = new String(out, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
                throw new RouterException("haproxy -c refused the generated configuration for " + environment
                        + " (exit " + p.exitValue() + "), the old one stays: " + String.join(" | ",
                        lines.subList(Math.max(0, lines.size() - CHECK_LINES), lines.size())));
            }
        } catch (IOException e) {
            throw new RouterException("cannot run '" + config.binary() + " -c' (rc.deploy.routers." + environment
                    + ".haproxy.binary): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RouterException("interrupted while haproxy -c ran", e);
        }
    }

    private Proc awaitReload(Proc before) {
        long deadline = System.nanoTime() + config.timeout().toNanos();
        RouterException last = null;
        while (System.nanoTime() < deadline) {
            try {
                Proc now = proc();
                if (now.failed() > before.failed()) {
                    throw new RouterException("haproxy of " + environment + " failed to reload (master reports "
                            + now.failed() + " failed reloads): it keeps serving the previous configuration");
                }
                if (now.reloads() > before.reloads() && now.worker() != before.worker() && now.worker() > 0) {
                    return now;
                }
            } catch (RouterException e) {
                // the master re-executes itself during a reload: its socket is away for a moment
                if (e.getMessage().contains("failed to reload")) {
                    throw e;
                }
                last = e;
            }
            sleep();
        }
        throw new RouterException("haproxy of " + environment + " did not finish its reload within "
                + config.timeout() + (last == null ? "" : ": " + last.getMessage()));
    }

    private void awaitWorker(long pid) {
        long deadline = System.nanoTime() + config.timeout().toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (String.valueOf(pid).equals(stats.info().get("Pid"))) {
                    return;
                }
            } catch (RouterException e) {
                // the new worker binds the stats socket a moment after it is forked
            }
            sleep();
        }
        throw new RouterException("haproxy of " + environment + " reloaded but its new worker " + pid
                + " does not answer on " + config.statsSocket() + " within " + config.timeout());
    }

    /**
     * The master's reload counters and its current worker. Asked again while the master does not
     * answer, within the timeout: it re-executes itself for every reload (ours or the operator's)
     * and its socket is away for that moment.
     */
    Proc proc() {
        long deadline = System.nanoTime() + config.timeout().toNanos();
        while (true) {
            try {
                return Proc.parse(master.send("show proc"));
            } catch (RouterException e) {
                if (System.nanoTime() >= deadline || !e.getMessage().contains("is not answering")) {
                    throw e;
                }
            }
            sleep();
        }
    }

    /** What {@code show proc} on the master CLI says. */
    record Proc(int reloads, int failed, long worker) {

        static Proc parse(String answer) {
            int reloads = -1;
            int failed = -1;
            long worker = -1;
            boolean workers = false;
            for (String line : answer.split("\n")) {
                String[] t = line.trim().split("\\s+");
                if (line.startsWith("# workers")) {
                    workers = true;
                } else if (line.startsWith("#")) {
                    workers = false;
                } else if (t.length >= 5 && t[1].equals("master") && t[3].equals("[failed:")) {
                    reloads = Integer.parseInt(t[2]);
                    failed = Integer.parseInt(t[4].replace("]", ""));
                } else if (workers && worker < 0 && t.length >= 2 && t[1].equals("worker")) {
                    worker = Long.parseLong(t[0]);
                }
            }
            if (reloads < 0) {
                throw new RouterException("unexpected answer to 'show proc' on the master CLI: "
                        + RuntimeApi.oneLine(answer));
            }
            return new Proc(reloads, failed, worker);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RouterException("interrupted while haproxy reloaded", e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a stale candidate is overwritten by the next one
        }
    }
}
