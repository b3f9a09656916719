package io.releasecontrol.deploy.deployment;

import reactor.core.publisher.Mono;

/** The checklist part of a deployment's resource, which the checklist feature renders from its items. */
public interface ChecklistViews {

    /** The deployment's checklists as its resource shows them; empty when it has none. */
    Mono<DeploymentResource.ChecklistView> of(Deployment d);
}
