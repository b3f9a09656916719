package io.releasecontrol.localstack;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * The local stack's MongoDB: a MongoDB-wire-compatible server (mongo-java-server), for when no
 * {@code RC_MONGODB_URI} is given. Binds the requested port or, if that is taken, the next free
 * one; prints the port and writes it to {@code --port-file} so bin/rc can hand it to the services.
 * Stays up until the process is stopped (SIGTERM or Ctrl-C: the shutdown hook closes the store).
 *
 * <p>With {@code --data-file} the data lives in that H2 MVStore file and survives a restart
 * ({@link HelloAwareH2Backend}, which also says what a SIGKILL costs); without it, in memory, as
 * long as the process.
 *
 * <pre>LocalMongo [--host 127.0.0.1] [--port 27017] [--tries 20] [--port-file PATH] [--data-file PATH]</pre>
 */
public final class LocalMongo {

    private LocalMongo() {
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args, Map.of("host", "127.0.0.1", "port", "27017", "tries", "20", "port-file", "",
                "data-file", ""));
        String host = o.get("host");
        int first = o.getInt("port");
        Path dataFile = o.get("data-file").isEmpty() ? null : Path.of(o.get("data-file")).toAbsolutePath();
        MongoServer server = start(host, first, o.getInt("tries"), dataFile);
        int port = server.getLocalAddress().getPort();
        Path portFile = o.get("port-file").isEmpty() ? null : Path.of(o.get("port-file"));

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            deleteQuietly(portFile);
            stopped.countDown();
        }, "local-mongo-shutdown"));

        if (portFile != null) {
            writeAtomically(portFile, Integer.toString(port));
        }
        System.out.printf("MongoDB-wire server (%s) listening on %s:%d%s%n",
                dataFile == null ? "in-memory" : "data in " + dataFile, host, port,
                port == first ? "" : " (" + first + " was taken)");
        stopped.await();
    }

    /**
     * A server on the first free port of {@code first..first+tries-1}, its data in {@code dataFile}
     * (created with its folder if missing) or, when that is null, in memory. {@code shutdown()}
     * closes the data file.
     */
    static MongoServer start(String host, int first, int tries, Path dataFile) throws IOException {
        if (dataFile == null) {
            return bindFirstFree(host, first, tries, HelloAwareMemoryBackend::new);
        }
        Path folder = dataFile.toAbsolutePath().getParent();
        if (folder != null) {
            Files.createDirectories(folder);
        }
        return bindFirstFree(host, first, tries, () -> HelloAwareH2Backend.open(dataFile));
    }

    /**
     * A fresh server per attempt, and the failed one shut down: a MongoServer binds only once. Its
     * shutdown closes the backend too, so each attempt opens its own (for a data file: opens the
     * file again, which the failed attempt's shutdown released).
     */
    private static MongoServer bindFirstFree(String host, int first, int tries, Supplier<MongoBackend> backends) {
        Exception last = null;
        for (int port = first; port < first + tries; port++) {
            MongoServer server = new MongoServer(backends.get());
            try {
                server.bind(host, port);
                return server;
            } catch (Exception e) { // Netty rethrows the BindException unchecked-ly
                server.shutdownNow();
                last = e;
            }
        }
        throw new IllegalStateException("no free port in " + first + ".." + (first + tries - 1) + " on " + host, last);
    }

    /** Readers poll for the file, so it must never be seen half-written. */
    private static void writeAtomically(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content + System.lineSeparator());
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            System.err.println("could not delete " + file + ": " + e.getMessage());
        }
    }
}
