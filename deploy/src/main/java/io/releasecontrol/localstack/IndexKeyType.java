package io.releasecontrol.localstack;

import de.bwaldvogel.mongo.backend.KeyValue;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The key type of the H2 backend's unique-index maps, ordering keys exactly as H2's default does,
 * only cheaper. Those keys are mongo-java-server's {@link KeyValue}s, which are not {@code
 * Comparable}: H2 then orders them by their Java serialization and serializes both keys at every
 * step of every binary search. Profiled under {@code bin/rc bench} (b) that was half of the
 * MongoDB-wire server's CPU. Here each key is serialized once and its bytes kept (by identity:
 * keys are immutable, and equal-looking keys such as {@code 1} and {@code 1L} serialize
 * differently) and compared the way H2 compares them, so the order, and with it every index
 * already in a data file, is unchanged. The memo is dropped whole when it grows past {@link
 * #MAX_KEYS}: it only saves work.
 */
final class IndexKeyType extends ObjectDataType {

    static final int MAX_KEYS = 50_000;

    /** Identity, not equality, of a key. */
    private record Identity(Object key) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Identity other && other.key == key;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(key);
        }
    }

    private final Map<Identity, byte[]> serialized = new ConcurrentHashMap<>();

    @Override
    public int compare(Object a, Object b) {
        if (a instanceof KeyValue && b instanceof KeyValue) {
            // what H2 does for two objects of a type that is not Comparable, minus the repeated serialization
            return a == b ? 0 : compareNotNull(bytes(a), bytes(b));
        }
        return super.compare(a, b);
    }

    private byte[] bytes(Object key) {
        Identity id = new Identity(key);
        byte[] b = serialized.get(id);
        if (b == null) {
            if (serialized.size() >= MAX_KEYS) {
                serialized.clear();
            }
            b = serialize(key);
            serialized.put(id, b);
        }
        return b;
    }

    /** Keys remembered now (for the test). */
    int remembered() {
        return serialized.size();
    }
}
