package io.releasecontrol.version.environment;

import java.time.Instant;

/**
 * One line of the upgrade log.
 *
 * @param from        what ran before ({@code null} for a first deployment)
 * @param version     what was deployed (or set by hand)
 * @param status      success, failed or rolled_back (deployed, later replaced by a rollback)
 * @param kind        deployment, rollback (a deployment that rolled another one back) or manual (set by an admin)
 * @param duration    ISO-8601 duration of the deployment when known
 * @param rolledBackBy the rollback deployment that replaced this one
 */
public record UpgradeEntry(long id, String application, String environment, String from, String version, String status,
        String kind, Instant at, String duration, String operator, String error, String reason, String deploymentId,
        Long sequence, String rollbackOf, Instant rolledBackAt, String rolledBackBy) {

    public static final String SUCCESS = "success";
    public static final String FAILED = "failed";
    public static final String ROLLED_BACK = "rolled_back";
}
