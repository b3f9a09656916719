package io.releasecontrol.events.version;

import io.releasecontrol.events.EventType;
import io.releasecontrol.events.TargetKey;
import java.time.LocalDate;

/**
 * A version of an application was registered.
 *
 * @param breaking              true when the version declares breaking changes or removes an API endpoint
 * @param irreversibleMigration true when one of its migrations cannot be reverted: rolling back across
 *                              it needs approval
 */
@EventType("io.releasecontrol.version.created.v1")
public record VersionCreated(
        String application,
        String version,
        String name,
        LocalDate releaseDate,
        boolean breaking,
        boolean irreversibleMigration,
        int changeCount) implements VersionEvent {

    @Override
    public String environment() {
        return TargetKey.ALL_ENVIRONMENTS;
    }
}
