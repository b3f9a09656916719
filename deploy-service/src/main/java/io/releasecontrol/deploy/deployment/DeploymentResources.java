package io.releasecontrol.deploy.deployment;

import io.releasecontrol.runtime.problem.ProblemException;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Deployments as every controller answers with them, and a deployment's id as a request path names it. */
@Component
public class DeploymentResources {

    private final ApprovalGateRepository gates;
    private final ChecklistViews checklists;

    DeploymentResources(ApprovalGateRepository gates, ChecklistViews checklists) {
        this.gates = gates;
        this.checklists = checklists;
    }

    /** The deployment as the API shows it, with its approvals and checklists when it has any. */
    public Mono<DeploymentResource> of(Deployment d) {
        UUID id = d.spec().id();
        return Mono.zip(gates.find(id).map(Optional::of).defaultIfEmpty(Optional.empty()),
                        checklists.of(d).map(Optional::of).defaultIfEmpty(Optional.empty()))
                .map(t -> DeploymentResource.of(d, t.getT1().orElse(null), t.getT2().orElse(null)));
    }

    /** The id in a request path; one that is no UUID names no deployment (404). */
    public static UUID id(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("no deployment " + id + " (ids are UUIDs)");
        }
    }
}
