package io.releasecontrol.deploy.release;

import io.releasecontrol.deploy.checklist.Checklist;
import io.releasecontrol.events.Strategy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The release rules of one environment.
 *
 * @param requiredPreceding a promotion into this environment must come from this one (null: any)
 * @param minimumSoak       how long the version must have succeeded in the preceding environment
 * @param approvalsRequired distinct approvals (never the requester's) before a deployment starts; 0: none
 * @param approverRole      the role an approver needs ({@code admin} or {@code deployer}); freeze
 *                          window approvals always need {@code admin}
 * @param approvalTimeout   a deployment not approved within this is cancelled
 * @param checklist         items checked before (automatic or confirmed by a person) and after a deployment
 * @param updatedBy         null for the built-in default
 */
record EnvironmentPolicy(String environment, String requiredPreceding, Duration minimumSoak,
        int approvalsRequired, String approverRole, Duration approvalTimeout, Set<Strategy> allowedStrategies,
        List<FreezeWindow> freezeWindows, Checklist checklist, String updatedBy, Instant updatedAt) {

    public EnvironmentPolicy {
        allowedStrategies = Set.copyOf(allowedStrategies);
        freezeWindows = List.copyOf(freezeWindows);
        checklist = checklist == null ? Checklist.NONE : checklist;
    }

    /** The window covering {@code now} (the first one listed when several do), with its end. */
    public Optional<ActiveFreeze> activeFreeze(Instant now) {
        for (FreezeWindow w : freezeWindows) {
            var until = w.endOfCoverage(now);
            if (until.isPresent()) {
                return Optional.of(new ActiveFreeze(w, until.get()));
            }
        }
        return Optional.empty();
    }

    public boolean isDefault() {
        return updatedBy == null;
    }

    /** A freeze window in force, and when it ends. */
    public record ActiveFreeze(FreezeWindow window, Instant until) {
    }
}
