package io.releasecontrol.runtime;

/**
 * A dispatcher over a sealed family met a subtype it has no branch for. Java 17's {@code if/else}
 * chains over a sealed interface are not checked for exhaustiveness, so every dispatcher ends in this
 * instead of treating "the rest" as one of the known subtypes; each service's dispatch test feeds one
 * instance of every permitted subtype and asserts this is never thrown.
 */
public class UnhandledSubtypeException extends IllegalArgumentException {

    public UnhandledSubtypeException(Class<?> family, Object value) {
        super("no branch for " + value.getClass().getName() + " of " + family.getName());
    }
}
