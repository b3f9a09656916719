package io.releasecontrol.deploy.deployment;

import java.util.List;

/**
 * What the requester asked the executor to skip, and why the deployment exists.
 *
 * @param revertMigrations rollback: ids of reversible migrations the script should revert
 */
public record DeploymentOptions(boolean skipBuild, boolean skipMigration, String description, String branch,
        String commit, List<String> revertMigrations) {

    public static final DeploymentOptions NONE = new DeploymentOptions(false, false, null, null, null, List.of());

    public DeploymentOptions {
        revertMigrations = revertMigrations == null ? List.of() : List.copyOf(revertMigrations);
    }
}
