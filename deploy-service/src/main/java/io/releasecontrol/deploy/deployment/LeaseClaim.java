package io.releasecontrol.deploy.deployment;

import java.util.UUID;

/**
 * A deployment's lease changing hands.
 *
 * @param deploymentId the deployment
 * @param owner        the instance that held it before a claim (null: none recorded), or that holds
 *                     it now when a renewal found it taken
 */
public record LeaseClaim(UUID deploymentId, String owner) {
}
