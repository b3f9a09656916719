package io.releasecontrol.version.environment;

import io.releasecontrol.events.version.DriftDetected;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides whether a state change raises a DriftDetected: once per (declared, observed) pair, and
 * the memory is cleared when the two agree again, so a later drift to the same pair is reported anew.
 */
final class DriftCheck {

    private DriftCheck() {
    }

    record Outcome(EnvironmentState state, Optional<DriftDetected> event) {
    }

    static Outcome apply(EnvironmentState s, Instant now) {
        String pair = s.driftPair();
        if (pair == null) {
            return new Outcome(s.withDriftReported(null), Optional.empty());
        }
        if (pair.equals(s.driftReported())) {
            return new Outcome(s, Optional.empty());
        }
        return new Outcome(s.withDriftReported(pair), Optional.of(new DriftDetected(s.application(), s.environment(),
                s.currentVersion(), s.observedVersion(), s.observedBy(), now)));
    }
}
