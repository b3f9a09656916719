package io.releasecontrol.events.version;

import io.releasecontrol.events.RcEvent;
import io.releasecontrol.events.TargetKey;

/**
 * Facts about applications and their versions, on {@code rc.versions}. Application-wide facts
 * (a version exists, a change was added) use the environment {@link TargetKey#ALL_ENVIRONMENTS}.
 */
public sealed interface VersionEvent extends RcEvent
        permits VersionCreated, VersionReleased, CurrentVersionChanged, FeatureChangeAdded, DriftDetected {
}
