package io.releasecontrol.deploy.checklist;

import io.releasecontrol.deploy.deployment.Deployment;
import io.releasecontrol.deploy.versions.VersionLookup;

/**
 * What the automatic checks of one deployment are decided on, gathered before the decision.
 *
 * @param lookup            version-service's answer about {@code version} (null when no check needs it)
 * @param lastSucceeded     the target's last successful deployment (null: none)
 * @param preceding         the policy's required preceding environment (null: none)
 * @param precedingFinished the application's last finished deployment there (null: none)
 */
record CheckFacts(String application, String environment, String version, VersionLookup lookup,
        Deployment lastSucceeded, String preceding, Deployment precedingFinished) {
}
