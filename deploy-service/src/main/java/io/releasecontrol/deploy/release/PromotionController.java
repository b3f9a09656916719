package io.releasecontrol.deploy.release;

import io.releasecontrol.deploy.access.Callers;
import io.releasecontrol.deploy.deployment.DeploymentRequestChecks;
import io.releasecontrol.deploy.deployment.DeploymentRequests;
import io.releasecontrol.deploy.deployment.DeploymentResource;
import io.releasecontrol.deploy.deployment.DeploymentResources;
import io.releasecontrol.deploy.deployment.NewDeployment;
import io.releasecontrol.deploy.executor.DeployExecutors;
import io.releasecontrol.runtime.identity.TrustedIdentity;
import jakarta.validation.Validator;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/v1/promotions}: deploys a version that succeeded in {@code from} to {@code to}
 * (201 with the deployment), or 422 listing every condition of {@code to}'s policy it does not meet.
 */
@RestController
@RequestMapping("/api/v1/promotions")
class PromotionController {

    private final PromotionService promotions;
    private final DeployExecutors executors;
    private final DeploymentResources resources;
    private final Validator validator;

    PromotionController(PromotionService promotions, DeployExecutors executors, DeploymentResources resources,
            Validator validator) {
        this.promotions = promotions;
        this.executors = executors;
        this.resources = resources;
        this.validator = validator;
    }

    @PostMapping
    Mono<ResponseEntity<DeploymentResource>> promote(@RequestBody(required = false) DeploymentRequests.Promotion body,
            ServerWebExchange exchange) {
        return Mono.defer(() -> {
            TrustedIdentity who = Callers.require(exchange, TrustedIdentity.DEPLOYER);
            NewDeployment request = DeploymentRequestChecks.promotion(validator, body, who.subject(),
                    executors.names());
            return promotions.promote(request, body.from());
        }).flatMap(resources::of)
                .map(r -> ResponseEntity.created(URI.create("/api/v1/deployments/" + r.id())).body(r));
    }
}
