package io.releasecontrol.deploy.release;

import io.releasecontrol.deploy.access.Callers;
import io.releasecontrol.deploy.deployment.Deployment;
import io.releasecontrol.deploy.deployment.DeploymentRequests;
import io.releasecontrol.deploy.deployment.DeploymentResource;
import io.releasecontrol.deploy.deployment.DeploymentResources;
import io.releasecontrol.runtime.identity.TrustedIdentity;
import java.util.UUID;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/v1/deployments/{id}/approve | reject}: decisions on a deployment waiting for
 * approval. The approver role comes from the environment's policy (admin inside a freeze window);
 * the requester never approves their own.
 */
@RestController
@RequestMapping("/api/v1/deployments/{id}")
class ApprovalController {

    private final ApprovalService approvals;
    private final DeploymentResources resources;

    ApprovalController(ApprovalService approvals, DeploymentResources resources) {
        this.approvals = approvals;
        this.resources = resources;
    }

    @PostMapping("/approve")
    Mono<DeploymentResource> approve(@PathVariable String id,
            @RequestBody(required = false) DeploymentRequests.DecisionBody body, ServerWebExchange exchange) {
        return decide(id, body, exchange, false, approvals::approve);
    }

    @PostMapping("/reject")
    Mono<DeploymentResource> reject(@PathVariable String id,
            @RequestBody(required = false) DeploymentRequests.DecisionBody body, ServerWebExchange exchange) {
        return decide(id, body, exchange, true, approvals::reject);
    }

    private Mono<DeploymentResource> decide(String id, DeploymentRequests.DecisionBody body, ServerWebExchange exchange,
            boolean commentRequired, ApprovalAction action) {
        return Mono.defer(() -> {
            // the gateway lets deployers through; the gate's approver role is checked by the service
            TrustedIdentity who = Callers.require(exchange, TrustedIdentity.DEPLOYER);
            return action.apply(DeploymentResources.id(id), who, DeploymentRequests.DecisionBody.commentOf(body,
                    commentRequired ? "say why the deployment is rejected" : null));
        }).flatMap(resources::of);
    }

    /** approve or reject, as the service does it */
    private interface ApprovalAction {
        Mono<Deployment> apply(UUID id, TrustedIdentity who, String comment);
    }
}
