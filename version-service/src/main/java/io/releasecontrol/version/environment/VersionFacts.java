package io.releasecontrol.version.environment;

import java.util.List;

/**
 * What the registry knows about one version, for deciding whether rolling back across it needs
 * approval ({@link RollbackPath}).
 *
 * @param irreversibleMigrations the migrations that cannot be reverted, each as {@code id (store: description)}
 * @param removedEndpoints       the API endpoints it removed
 * @param breakingChanges        the titles of its changes with impact breaking
 */
public record VersionFacts(String version, boolean declaredBreaking, List<String> irreversibleMigrations,
        List<String> removedEndpoints, List<String> breakingChanges) {
}
