package io.releasecontrol.deploy.maintenance;

import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.runtime.problem.ProblemType;
import java.util.LinkedHashMap;
import java.util.Map;

/** A new, non-rollback deployment to a target in maintenance mode: answered with 423 Locked. */
class MaintenanceModeOnException extends ProblemException {

    private final MaintenanceMode mode;

    public MaintenanceModeOnException(String application, MaintenanceMode mode) {
        super(ProblemType.MAINTENANCE_MODE, "maintenance mode is on for "
                + (MaintenanceMode.ALL_APPLICATIONS.equals(mode.application())
                        ? "environment " + mode.environment() : application + " in " + mode.environment())
                + (mode.reason() == null ? "" : " (" + mode.reason() + ")")
                + ": only rollback or repair deployments may run", extensions(mode));
        this.mode = mode;
    }

    private static Map<String, Object> extensions(MaintenanceMode mode) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("environment", mode.environment());
        if (mode.application() != null) {
            extensions.put("application", mode.application());
        }
        return extensions;
    }

    public MaintenanceMode mode() {
        return mode;
    }
}
