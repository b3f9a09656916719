package io.releasecontrol.deploy.router;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Another process holding the router's lock file, as a second deploy-service instance would: locks
 * it, says {@code locked}, holds it for the given milliseconds, says {@code releasing <epoch millis>}
 * and lets go, then stays alive a while (so the test sees the lock released, not a process gone).
 */
final class RouterLockHolder {

    private RouterLockHolder() {
    }

    public static void main(String[] args) throws Exception {
        try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(Long.parseLong(args[1]));
            System.out.println("releasing " + System.currentTimeMillis());
            System.out.flush();
        }
        Thread.sleep(10_000);
    }

    /** Starts one in a JVM of its own; returns once it holds the lock, with its "releasing" time to come. */
    static Held start(Path lockFile, long holdMillis) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), RouterLockHolder.class.getName(), lockFile.toString(),
                Long.toString(holdMillis)).redirectErrorStream(true).start();
        var out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        if (!"locked".equals(first)) {
            p.destroyForcibly();
            throw new IllegalStateException("the lock holder said " + first);
        }
        CompletableFuture<Long> releasedAt = CompletableFuture.supplyAsync(() -> {
            try {
                String line = out.readLine();
                return line != null && line.startsWith("releasing ") ? Long.parseLong(line.substring(10)) : -1L;
            } catch (java.io.IOException e) {
                return -1L;
            }
        });
        return new Held(p, releasedAt);
    }

    record Held(Process process, CompletableFuture<Long> releasedAt) implements AutoCloseable {
        long releasedAtMillis() throws Exception {
            return releasedAt.get(20, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }
}
