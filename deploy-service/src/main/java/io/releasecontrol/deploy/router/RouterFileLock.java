package io.releasecontrol.deploy.router;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Serialises the router's changes across every deploy-service process on the host: each holds an
 * exclusive lock on a file beside the backends file while it reads, renders, checks and reloads
 * (or sets weights and writes the map back). The instances already share that file and the sockets,
 * so the file system is the one thing they all reach; a lock in the JVM alone let two instances
 * rewrite the backends file at once, the second from a copy without the first's change.
 * {@link FileChannel#lock} is held per process, so callers in one JVM must also be serialised (the
 * router's monitor). The OS drops the lock when a process dies, so a killed instance holds nothing.
 */
final class RouterFileLock {

    private static final long RETRY_NANOS = Duration.ofMillis(5).toNanos();

    private final Path file;
    private final Duration timeout;

    RouterFileLock(Path file, Duration timeout) {
        this.file = file;
        this.timeout = timeout;
    }

    Path file() {
        return file;
    }

    /** Runs {@code work} holding the lock; a {@link RouterException} when another process holds it past the timeout. */
    <T> T with(Supplier<T> work) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            try (FileLock held = acquire(channel, System.nanoTime() + timeout.toNanos())) {
                return work.get();
            }
        } catch (IOException e) {
            throw new RouterException("cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    private FileLock acquire(FileChannel channel, long deadline) throws IOException {
        FileLock lock;
        while ((lock = channel.tryLock()) == null) {
            if (System.nanoTime() > deadline) {
                throw new RouterException("another process holds the router's lock " + file + " for more than "
                        + timeout + " (another deploy-service instance changing this haproxy?)");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(RETRY_NANOS);
        }
        return lock;
    }
}
