package io.releasecontrol.deploy.release;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Release workflow settings ({@code rc.deploy.release.*}): the defaults of environments whose
 * policy no admin has stored, and the pace of the approval expiry job.
 *
 * @param productionSoak     minimum time a version must have succeeded in staging before a promotion to
 *                           production, for environments without a stored policy
 * @param approvalTimeout    a deployment waiting for its approvals longer than this is cancelled, for
 *                           environments without a stored policy
 * @param expiryCheckEvery   how often waiting deployments are checked for expiry
 * @param scheduleCheckEvery how often due scheduled deployments are looked for (and claimed by one instance)
 * @param claimLease         a due (scheduled or approved) deployment not started within this by the instance
 *                           that claimed it is claimed by another
 */
@ConfigurationProperties("rc.deploy.release")
public record ReleaseProperties(
        @DefaultValue("PT10M") Duration productionSoak,
        @DefaultValue("PT24H") Duration approvalTimeout,
        @DefaultValue("PT5S") Duration expiryCheckEvery,
        @DefaultValue("PT5S") Duration scheduleCheckEvery,
        @DefaultValue("PT30S") Duration claimLease) {
}
