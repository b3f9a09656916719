package io.releasecontrol.events.version;

import io.releasecontrol.events.EventType;
import io.releasecontrol.events.TargetKey;

/**
 * A feature change was added to a version.
 *
 * @param changeType feature, fix, improvement or security
 * @param priority   low, medium, high or critical
 * @param impact     minor, major or breaking
 */
@EventType("io.releasecontrol.version.change-added.v1")
public record FeatureChangeAdded(
        String application,
        String version,
        String changeType,
        String module,
        String title,
        String priority,
        String impact) implements VersionEvent {

    @Override
    public String environment() {
        return TargetKey.ALL_ENVIRONMENTS;
    }
}
