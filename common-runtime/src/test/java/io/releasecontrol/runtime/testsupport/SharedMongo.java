package io.releasecontrol.runtime.testsupport;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;

/**
 * A MongoDB-wire-compatible server (mongo-java-server, in memory) per test JVM, so the reactive
 * MongoDB driver talks the real wire protocol. {@code RC_MONGODB_URI} points at a real one instead.
 */
public final class SharedMongo {

    private static String uri;

    private SharedMongo() {
    }

    public static synchronized String uri() {
        if (uri == null) {
            String external = System.getenv("RC_MONGODB_URI");
            if (external != null) {
                uri = external;
            } else {
                MongoServer server = new MongoServer(new MemoryBackend());
                server.bind("127.0.0.1", 0);
                InetSocketAddress address = server.getLocalAddress();
                Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow, "shared-mongo-stop"));
                uri = "mongodb://127.0.0.1:" + address.getPort() + "/releasecontrol_test";
            }
        }
        return uri;
    }
}
