package io.releasecontrol.deploy.release;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Release workflow settings ({@code rc.deploy.release.*}): the defaults of environments whose
 * policy no admin has stored, and the pace of the approval expiry job.
 *
 * @param productionSoak     default minimum soak in staging before a promotion to production
 * @param approvalTimeout    default time a deployment may wait for its approvals before it is cancelled
 * @param expiryCheckEvery   how often waiting deployments are checked for expiry
 * @param scheduleCheckEvery how often scheduled deployments are checked for being due
 * @param claimLease         a due deployment claimed (or approved) by an instance that then did not
 *                           start it is claimed again after this
 */
@ConfigurationProperties("rc.deploy.release")
public record ReleaseProperties(Duration productionSoak, Duration approvalTimeout, Duration expiryCheckEvery,
        Duration scheduleCheckEvery, Duration claimLease) {

    public ReleaseProperties {
        productionSoak = productionSoak == null ? Duration.ofMinutes(10) : productionSoak;
        approvalTimeout = approvalTimeout == null ? Duration.ofHours(24) : approvalTimeout;
        expiryCheckEvery = expiryCheckEvery == null ? Duration.ofSeconds(5) : expiryCheckEvery;
        scheduleCheckEvery = scheduleCheckEvery == null ? Duration.ofSeconds(5) : scheduleCheckEvery;
        claimLease = claimLease == null ? Duration.ofSeconds(30) : claimLease;
    }
}
