package io.releasecontrol.deploy.deployment;

import io.releasecontrol.events.deployment.DeploymentEvent;
import java.util.List;

/** A deployment after a guarded transition, and the events that transition causes. */
public record Transition(Deployment deployment, List<DeploymentEvent> events) {

    public Transition {
        events = List.copyOf(events);
    }
}
