package io.releasecontrol.events.version;

import io.releasecontrol.events.EventType;
import io.releasecontrol.events.TargetKey;
import java.time.Instant;

/** A version was marked released (ready to deploy anywhere). */
@EventType("io.releasecontrol.version.released.v1")
public record VersionReleased(String application, String version, Instant releasedAt) implements VersionEvent {

    @Override
    public String environment() {
        return TargetKey.ALL_ENVIRONMENTS;
    }
}
