package io.releasecontrol.localstack;

import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import java.util.List;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 database with its unique indexes' maps ordered by {@link IndexKeyType}:
 * the map is opened with that key type before the library opens it by name (MVStore hands back the
 * map already open), so the library's own index code runs over it unchanged. The indexes a file
 * already has are opened so by {@link #openIndexMaps} before the database is (the library opens
 * them in its constructor, before this class's fields are set).
 */
final class IndexKeyH2Database extends H2Database {

    /** between the collection's namespace and the index name in the library's map names */
    private static final String INDEX_INFIX = "._index_";

    private final MVStore store;
    private final IndexKeyType keyType;

    IndexKeyH2Database(String name, MVStore store, CursorRegistry cursors, IndexKeyType keyType) {
        super(name, store, cursors);
        this.store = store;
        this.keyType = keyType;
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
            boolean sparse) {
        if (store != null) { // null while the library's constructor opens the existing ones
            // the library's own map name for this index (H2Database.mapNameForIndex is private)
            open(store, getFullCollectionNamespace(collectionName) + INDEX_INFIX + indexName, keyType);
        }
        return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
    }

    /** Opens every unique-index map already in the store with {@code keyType}. */
    static void openIndexMaps(MVStore store, IndexKeyType keyType) {
        store.getMapNames().stream().filter(name -> name.contains(INDEX_INFIX)).forEach(name -> open(store, name, keyType));
    }

    private static void open(MVStore store, String name, IndexKeyType keyType) {
        store.openMap(name, new MVMap.Builder<Object, Object>().keyType(keyType));
    }
}
