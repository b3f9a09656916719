package io.releasecontrol.localstack;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import java.nio.file.Path;
import org.h2.mvstore.MVStore;

/**
 * The persistent backend (LocalMongo with {@code --data-file}): mongo-java-server's H2 backend over
 * one MVStore file, answering {@code hello} as well ({@link HelloCommand}), with its unique indexes
 * ordered by {@link IndexKeyType} (the same order, far cheaper).
 *
 * <p>Durability: MVStore commits in the background at most {@link #AUTO_COMMIT_MILLIS} after a
 * change, and {@link #close()} (called by {@code MongoServer.shutdown()}) commits and closes the
 * file. A process killed without shutdown (SIGKILL, power loss) reopens the file at its last
 * commit: the writes of its last second or so may be missing, the rest is intact. The file is
 * locked while open, so a second server on the same file fails to start instead of corrupting it.
 */
final class HelloAwareH2Backend extends H2Backend {

    /** MVStore's own default, stated here because the docs promise it. */
    static final int AUTO_COMMIT_MILLIS = 1000;

    /**
     * One for the process (a LocalMongo serves one file), static because the library's constructor
     * already opens the file's databases, before an instance field would be set.
     */
    private static final IndexKeyType INDEX_KEYS = new IndexKeyType();

    private HelloAwareH2Backend(MVStore store) {
        super(store);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String name) {
        return new IndexKeyH2Database(name, getMvStore(), getCursorRegistry(), INDEX_KEYS);
    }

    /** Opens (or creates) the store file; its folder must exist. */
    static HelloAwareH2Backend open(Path file) {
        MVStore store = new MVStore.Builder().fileName(file.toString()).open();
        store.setAutoCommitDelay(AUTO_COMMIT_MILLIS);
        IndexKeyH2Database.openIndexMaps(store, INDEX_KEYS);
        return new HelloAwareH2Backend(store);
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        return HelloCommand.handle(channel, database, command, query, super::handleCommand);
    }
}
