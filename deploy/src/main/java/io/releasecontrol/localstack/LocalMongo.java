package io.releasecontrol.localstack;

import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The local stack's MongoDB: a MongoDB-wire-compatible server with an in-memory backend, for when
 * no {@code RC_MONGODB_URI} is given. Binds the requested port or, if that is taken, the next free
 * one; prints the port and writes it to {@code --port-file} so bin/rc can hand it to the services.
 * Stays up until the process is stopped; the data lives only as long as the process.
 *
 * <pre>LocalMongo [--host 127.0.0.1] [--port 27017] [--tries 20] [--port-file PATH]</pre>
 */
public final class LocalMongo {

    private LocalMongo() {
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args, Map.of("host", "127.0.0.1", "port", "27017", "tries", "20", "port-file", ""));
        String host = o.get("host");
        int first = o.getInt("port");
        MongoServer server = bindFirstFree(host, first, o.getInt("tries"));
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
        System.out.printf("MongoDB-wire server (in-memory) listening on %s:%d%s%n", host, port,
                port == first ? "" : " (" + first + " was taken)");
        stopped.await();
    }

    /** A fresh server per attempt, and the failed one shut down: a MongoServer binds only once. */
    private static MongoServer bindFirstFree(String host, int first, int tries) {
        Exception last = null;
        for (int port = first; port < first + tries; port++) {
            MongoServer server = new MongoServer(new HelloAwareMemoryBackend());
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
