package io.releasecontrol.deploy.deployment;

import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.runtime.problem.ProblemType;
import java.util.Map;

/** The target already has an active deployment: 409 with its id. */
class TargetBusyException extends ProblemException {

    private final String runningDeploymentId;

    public TargetBusyException(String application, String environment, String runningDeploymentId) {
        super(ProblemType.CONFLICT, "target " + application + ":" + environment + " already has an active deployment "
                + runningDeploymentId, Map.of("runningDeploymentId", runningDeploymentId));
        this.runningDeploymentId = runningDeploymentId;
    }

    public String runningDeploymentId() {
        return runningDeploymentId;
    }
}
