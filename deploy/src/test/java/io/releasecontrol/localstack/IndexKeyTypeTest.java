package io.releasecontrol.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;

/** IndexKeyType orders index keys exactly as H2's default type does: same sign for every pair. */
class IndexKeyTypeTest {

    private static Object value(Random r) {
        return switch (r.nextInt(7)) {
            case 0 -> "target-" + r.nextInt(50);
            case 1 -> r.nextInt(100);
            case 2 -> (long) r.nextInt(100);
            case 3 -> r.nextDouble();
            case 4 -> new Document("app", "a" + r.nextInt(5)).append("minute", r.nextInt(3));
            case 5 -> new UUID(r.nextLong(), r.nextLong());
            default -> null;
        };
    }

    @Test
    void everyPairOfKeysComparesAsWithH2sDefault() {
        Random r = new Random(20261207);
        List<KeyValue> keys = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            int n = 1 + r.nextInt(3);
            Object[] values = new Object[n];
            for (int j = 0; j < n; j++) {
                values[j] = value(r);
            }
            keys.add(new KeyValue(values));
        }
        keys.add(keys.get(0)); // the same key object twice
        ObjectDataType h2 = new ObjectDataType();
        IndexKeyType ours = new IndexKeyType();
        for (int round = 0; round < 2; round++) { // the second round from the memo
            for (KeyValue a : keys) {
                for (KeyValue b : keys) {
                    assertThat(Integer.signum(ours.compare(a, b))).as("%s vs %s", a, b)
                            .isEqualTo(Integer.signum(h2.compare(a, b)));
                }
            }
        }
        assertThat(ours.remembered()).isEqualTo(300);
        // other keys (not KeyValue) take H2's own path
        assertThat(Integer.signum(ours.compare("a", "b"))).isEqualTo(Integer.signum(h2.compare("a", "b")));
        assertThat(ours.compare(5L, 5L)).isZero();
    }
}
