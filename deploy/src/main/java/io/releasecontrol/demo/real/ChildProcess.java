package io.releasecontrol.demo.real;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A process this JVM started (haproxy, prometheus), its output in a log file; stopped by
 * {@link #close()} or, if the JVM ends first, by a shutdown hook — never left behind.
 */
final class ChildProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;
    private final Thread hook;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        hook = new Thread(this::stop, "stop-" + name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    static ChildProcess start(String name, List<String> command, Path log) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            // for a caller's last resort (bin/rc's exit trap) when this JVM is killed outright
            java.nio.file.Files.writeString(log.resolveSibling(name + ".pid"), Long.toString(p.pid()));
            return new ChildProcess(name, p, log);
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + name + " (" + command.get(0) + "): " + e.getMessage()
                    + "; is it installed? (Debian: apt-get install " + name + ")", e);
        }
    }

    /** Waits until {@code ready} holds, failing with the log's tail when the process exits or time runs out. */
    void await(Duration timeout, BooleanSupplier ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.getAsBoolean()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String why = process.isAlive() ? "not ready within " + timeout : "exited with " + process.exitValue();
                stop();
                throw new IllegalStateException(name + " " + why + "; its log " + log + ":\n" + tail());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw new IllegalStateException("interrupted while starting " + name, e);
            }
        }
    }

    long pid() {
        return process.pid();
    }

    private String tail() {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private void stop() {
        if (!process.isAlive()) {
            forgetPid();
            return;
        }
        process.destroy(); // SIGTERM: haproxy's master stops its workers, prometheus flushes its head
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        forgetPid();
    }

    /** a stale pid file could name someone else's process once the pid is reused */
    private void forgetPid() {
        try {
            java.nio.file.Files.deleteIfExists(log.resolveSibling(name + ".pid"));
        } catch (IOException e) {
            // the file stays; bin/rc's trap would signal a pid that is no longer ours at worst
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already ending: the hook runs (and finds it stopped)
        }
    }
}
