package io.releasecontrol.metrics.evaluation;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** The versions of one target (application in an environment) that sent samples recently. */
final class TargetState {

    /** One version's window and its rule states. */
    static final class VersionSlot {
        final String version;
        final VersionWindow window;
        final Map<String, RuleState> rules = new LinkedHashMap<>();
        /** the definition each state was built for: a changed definition starts a fresh state */
        private final Map<String, Rule> definitions = new HashMap<>();
        /** this slot of the sequential tests: what the version counted in it */
        final SlotCounts counts = new SlotCounts();

        VersionSlot(String version, VersionWindow window) {
            this.version = version;
            this.window = window;
        }

        RuleState rule(Rule rule) {
            RuleState state = rules.get(rule.id());
            Rule known = definitions.get(rule.id());
            if (state == null || (known != rule && !rule.equals(known))) {
                state = new RuleState();
                rules.put(rule.id(), state);
                definitions.put(rule.id(), rule);
            }
            return state;
        }
    }

    final String application;
    final String environment;
    final Map<String, VersionSlot> versions = new LinkedHashMap<>();
    /** the engine's rule book {@link #effective} was resolved from (guarded by this target's lock) */
    Object book;
    EffectiveRules effective;

    TargetState(String application, String environment) {
        this.application = application;
        this.environment = environment;
    }

    VersionSlot slot(String version, Instant seen, EvaluationSettings settings) {
        return versions.computeIfAbsent(version, v -> new VersionSlot(v,
                new VersionWindow(settings.bucket(), settings.retention(), settings.lateness(), seen)));
    }

    /** Forgets versions silent for twice the retention: a rolled-back version stops costing memory. */
    void evictSilent(Instant now, Duration retention) {
        // in millis: Duration.multipliedBy computes through BigDecimal, and this runs for every sample
        Instant horizon = now.minusMillis(2 * retention.toMillis());
        versions.values().removeIf(s -> s.window.newest() != null && s.window.newest().isBefore(horizon));
    }

    /**
     * The baseline of {@code version}: the version that was there first among those with samples in
     * the window ending at {@code end}; none when {@code version} is itself the oldest. Versions first
     * seen in the same instant (metrics began flowing for both at once: a target watched from the
     * middle of a canary) are told apart by their traffic: the one carrying more requests in the
     * window is the stable one.
     */
    VersionSlot baselineFor(VersionSlot version, Instant end, Duration window) {
        VersionSlot best = null;
        for (VersionSlot s : versions.values()) {
            if (s == version || s.window.newest() == null || s.window.newest().isBefore(end.minus(window))) {
                continue;
            }
            if (best == null || older(s, best, window)) {
                best = s;
            }
        }
        return best != null && older(best, version, window) ? best : null;
    }

    /** first seen earlier, or first seen together and carrying more requests over {@code window} */
    private static boolean older(VersionSlot a, VersionSlot b, Duration window) {
        int c = a.window.firstSeen().compareTo(b.window.firstSeen());
        if (c != 0) {
            return c < 0;
        }
        return a.window.counts(Metric.ERROR_RATE, window)[1] > b.window.counts(Metric.ERROR_RATE, window)[1];
    }

    /**
     * The version this one replaced, when none runs beside it any more: of the versions first seen
     * before {@code version}, the one that reported last (a rolling or blue-green replacement is
     * compared with what it replaced). Versions silent for twice the retention are gone already.
     */
    VersionSlot previousFor(VersionSlot version) {
        VersionSlot best = null;
        for (VersionSlot s : versions.values()) {
            if (s == version || s.window.newest() == null || !s.window.firstSeen().isBefore(version.window.firstSeen())) {
                continue;
            }
            if (best == null || s.window.newest().isAfter(best.window.newest())) {
                best = s;
            }
        }
        return best;
    }

    /** The share (0-100) of the target's requests (or active users) in the window that went to {@code version}. */
    Double trafficPercent(VersionSlot version, Metric metric, Duration window, long endMillis) {
        long requests = 0;
        long users = 0;
        long mineRequests = 0;
        long mineUsers = 0;
        for (VersionSlot s : versions.values()) {
            WindowValue w = s.window.valueAt(metric, window, true, endMillis);
            requests += w.requests();
            users += w.activeUsers();
            if (s == version) {
                mineRequests = w.requests();
                mineUsers = w.activeUsers();
            }
        }
        if (requests > 0) {
            return 100.0 * mineRequests / requests;
        }
        if (users > 0) {
            return 100.0 * mineUsers / users;
        }
        return null;
    }
}
