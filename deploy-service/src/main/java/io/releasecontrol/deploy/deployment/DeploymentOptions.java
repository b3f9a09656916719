package io.releasecontrol.deploy.deployment;

import java.time.Instant;
import java.util.List;

/**
 * What the requester asked the executor to skip, and why the deployment exists.
 *
 * @param revertMigrations rollback: ids of reversible migrations the script should revert
 * @param hotfix           marked as a hotfix: admitted during a freeze window, with an admin approval
 * @param hotfixReason     why the hotfix cannot wait (required with {@code hotfix})
 * @param scheduledAt      start then, not at once (null: at once)
 */
public record DeploymentOptions(boolean skipBuild, boolean skipMigration, String description, String branch,
        String commit, List<String> revertMigrations, boolean hotfix, String hotfixReason, Instant scheduledAt) {

    public static final DeploymentOptions NONE = new DeploymentOptions(false, false, null, null, null, List.of());

    public DeploymentOptions {
        revertMigrations = revertMigrations == null ? List.of() : List.copyOf(revertMigrations);
    }

    public DeploymentOptions(boolean skipBuild, boolean skipMigration, String description, String branch,
            String commit, List<String> revertMigrations) {
        this(skipBuild, skipMigration, description, branch, commit, revertMigrations, false, null, null);
    }

    public DeploymentOptions withDescription(String text) {
        return new DeploymentOptions(skipBuild, skipMigration, text, branch, commit, revertMigrations, hotfix,
                hotfixReason, scheduledAt);
    }
}
