package io.releasecontrol.version.environment;

import io.releasecontrol.events.metric.MetricSampleRecorded;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * What this instance last learned of each target's observation from the database, for a short
 * while: a sample that could not change it is skipped without asking again. Bounded: past {@link
 * #MAX_TARGETS} it starts afresh (each target then costs one lookup again).
 */
final class ObservedVersions {

    /** How long a target's observation is trusted without the database; drift from a change made elsewhere shows this much later at most. */
    static final Duration FRESH = Duration.ofSeconds(5);
    static final int MAX_TARGETS = 100_000;

    private record Entry(Observations.Seen seen, long until) {
    }

    private final Map<String, Entry> byTarget = new ConcurrentHashMap<>();
    private final LongSupplier nanos;

    ObservedVersions() {
        this(System::nanoTime);
    }

    ObservedVersions(LongSupplier nanos) {
        this.nanos = nanos;
    }

    /** Whether the sample cannot change what is known: an unknown target, or the version already observed. */
    boolean unchangedBy(MetricSampleRecorded s) {
        if (s.version() == null || s.version().isBlank()) {
            return true; // Observations ignores these anyway
        }
        Entry e = byTarget.get(key(s));
        if (e == null || nanos.getAsLong() - e.until() > 0) {
            return false;
        }
        return !e.seen().known() || s.version().equals(e.seen().observedVersion());
    }

    void remember(MetricSampleRecorded s, Observations.Seen seen) {
        if (byTarget.size() >= MAX_TARGETS) {
            byTarget.clear();
        }
        byTarget.put(key(s), new Entry(seen, nanos.getAsLong() + FRESH.toNanos()));
    }

    private static String key(MetricSampleRecorded s) {
        return s.application() + ":" + s.environment();
    }
}
