package io.releasecontrol.version.registry;

import io.releasecontrol.version.environment.UpgradeEntry;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * A version as the API shows it. Lists leave out the detail collections (null, so absent in JSON).
 *
 * @param breaking              declared breaking, or it removes an API endpoint, or one of its changes has impact breaking
 * @param declaredBreaking      the flag as given when the version was created
 * @param irreversibleMigration one of its migrations cannot be reverted: rolling back across it needs approval
 * @param deployments           the upgrade-log entries that deployed this version, newest first
 */
public record Version(String application, String version, String name, LocalDate releaseDate, String gitTag,
        String commit, Instant commitTime, String image, boolean preRelease, boolean breaking, boolean declaredBreaking,
        boolean irreversibleMigration, boolean released, Instant releasedAt, Counts counts, List<ChangeView> changes,
        List<MigrationView> migrations, List<VersionRequests.Dependency> dependencies,
        List<VersionRequests.ApiChange> apiChanges, Map<String, String> compatibility, List<UpgradeEntry> deployments,
        Instant createdAt, String createdBy) {

    /** Numbers of changes by type, derived from the change list. */
    public record Counts(long feature, long fix, long improvement, long security) {
    }

    public record ChangeView(long id, String type, String module, String title, String priority, String impact,
            String testStatus, Instant createdAt) {
    }

    public record MigrationView(String id, String store, String description, boolean reversible, String downScript) {
    }

    Version withDetails(List<ChangeView> changes, List<MigrationView> migrations,
            List<VersionRequests.Dependency> dependencies, List<VersionRequests.ApiChange> apiChanges,
            Map<String, String> compatibility, List<UpgradeEntry> deployments) {
        return new Version(application, version, name, releaseDate, gitTag, commit, commitTime, image, preRelease,
                breaking, declaredBreaking, irreversibleMigration, released, releasedAt, counts, changes, migrations,
                dependencies, apiChanges, compatibility, deployments, createdAt, createdBy);
    }
}
