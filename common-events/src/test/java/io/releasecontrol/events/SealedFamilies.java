package io.releasecontrol.events;

import java.util.ArrayList;
import java.util.List;

/**
 * The concrete members of a sealed family, for dispatch tests: Java 17 does not check an
 * {@code if/else} chain over a sealed interface for exhaustiveness, so a test feeds one instance of
 * each member through every dispatcher and asserts none reaches its
 * {@code UnhandledSubtypeException} branch ({@link EventFixtures#assertFixtureForEveryLeaf}).
 */
public final class SealedFamilies {

    private SealedFamilies() {
    }

    /** Every non-sealed member under {@code family}, sealed sub-families (BreachEvent under AlertEvent) flattened. */
    public static List<Class<?>> leaves(Class<?> family) {
        if (!family.isSealed()) {
            throw new IllegalArgumentException(family.getName() + " is not sealed");
        }
        List<Class<?>> leaves = new ArrayList<>();
        for (Class<?> member : family.getPermittedSubclasses()) {
            if (member.isSealed()) {
                leaves.addAll(leaves(member));
            } else {
                leaves.add(member);
            }
        }
        return leaves;
    }
}
