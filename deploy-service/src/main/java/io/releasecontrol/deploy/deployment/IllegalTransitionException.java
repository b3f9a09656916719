package io.releasecontrol.deploy.deployment;

import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.runtime.problem.ProblemType;
import java.util.Map;
import java.util.UUID;

/** A transition the state machine does not allow (answered with 409 and the current status). */
public class IllegalTransitionException extends ProblemException {

    public IllegalTransitionException(UUID id, DeploymentStatus from, String action) {
        super(ProblemType.CONFLICT, "deployment " + id + " is " + from + ": cannot " + action,
                Map.of("deploymentId", id.toString(), "currentStatus", from.name()));
    }
}
