package io.releasecontrol.deploy.checklist;

import io.releasecontrol.deploy.access.Callers;
import io.releasecontrol.deploy.deployment.DeploymentRequests;
import io.releasecontrol.deploy.deployment.DeploymentResource;
import io.releasecontrol.deploy.deployment.DeploymentResources;
import io.releasecontrol.runtime.identity.TrustedIdentity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/v1/deployments/{id}/checklist/{item}/confirm} (a person confirms a manual item;
 * the authenticated caller is recorded) and {@code .../checklist/evaluate} (the automatic items
 * run again). Both answer with the deployment.
 */
@RestController
@RequestMapping("/api/v1/deployments/{id}/checklist")
class ChecklistController {

    private final ChecklistService checklists;
    private final DeploymentResources resources;

    ChecklistController(ChecklistService checklists, DeploymentResources resources) {
        this.checklists = checklists;
        this.resources = resources;
    }

    @PostMapping("/{item}/confirm")
    Mono<DeploymentResource> confirm(@PathVariable String id, @PathVariable String item,
            @RequestBody(required = false) DeploymentRequests.DecisionBody body, ServerWebExchange exchange) {
        return Mono.defer(() -> {
            TrustedIdentity who = Callers.require(exchange, TrustedIdentity.DEPLOYER);
            return checklists.confirm(DeploymentResources.id(id), item, who,
                    DeploymentRequests.DecisionBody.commentOf(body, null));
        }).flatMap(resources::of);
    }

    @PostMapping("/evaluate")
    Mono<DeploymentResource> evaluate(@PathVariable String id, ServerWebExchange exchange) {
        return Mono.defer(() -> checklists.evaluate(DeploymentResources.id(id),
                Callers.require(exchange, TrustedIdentity.DEPLOYER))).flatMap(resources::of);
    }
}
