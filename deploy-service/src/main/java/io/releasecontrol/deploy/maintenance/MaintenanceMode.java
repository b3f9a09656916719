package io.releasecontrol.deploy.maintenance;

import java.time.Instant;

/**
 * Maintenance mode of an environment ({@code application = "*"}) or of one application in it.
 */
public record MaintenanceMode(String environment, String application, boolean enabled, String reason,
        String changedBy, Instant changedAt) {

    /** The application value that means "every application of the environment". */
    public static final String ALL_APPLICATIONS = "*";

    public static MaintenanceMode off(String environment, String application) {
        return new MaintenanceMode(environment, application, false, null, null, null);
    }
}
