package io.releasecontrol.deploy.web;

import io.releasecontrol.deploy.deployment.NewDeployment;
import io.releasecontrol.deploy.executor.DeployExecutors;
import io.releasecontrol.deploy.release.PromotionService;
import io.releasecontrol.deploy.validation.FieldErrors;
import io.releasecontrol.runtime.identity.TrustedIdentity;
import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.runtime.problem.ProblemException.FieldError;
import io.releasecontrol.runtime.problem.ProblemType;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
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
    private final DeploymentController deployments;

    PromotionController(PromotionService promotions, DeployExecutors executors, DeploymentController deployments) {
        this.promotions = promotions;
        this.executors = executors;
        this.deployments = deployments;
    }

    @PostMapping
    Mono<ResponseEntity<DeploymentResource>> promote(@RequestBody(required = false) DeploymentRequests.Promotion body,
            ServerWebExchange exchange) {
        return Mono.defer(() -> {
            TrustedIdentity who = Callers.require(exchange, TrustedIdentity.DEPLOYER);
            NewDeployment request = validate(body, who.subject());
            return promotions.promote(request, body.from());
        }).flatMap(deployments::withApproval)
                .map(r -> ResponseEntity.created(URI.create("/api/v1/deployments/" + r.id())).body(r));
    }

    @SuppressWarnings("unchecked")
    private NewDeployment validate(DeploymentRequests.Promotion p, String who) {
        if (p == null) {
            throw FieldErrors.invalid(List.of(new FieldError("body", "a JSON object is required")));
        }
        List<FieldError> errors = new ArrayList<>();
        FieldErrors.name(errors, "from", p.from());
        if (p.version() == null || p.version().isBlank()) {
            errors.add(new FieldError("version", "is required"));
        }
        if (p.from() != null && p.from().equals(p.to())) {
            errors.add(new FieldError("to", "must differ from 'from' (" + p.from() + ")"));
        }
        var create = DeploymentRequests.Create.builder().application(p.application()).environment(p.to())
                .version(p.version()).strategy(p.strategy()).canary(p.canary()).executor(p.executor())
                .options(p.options()).hotfix(p.hotfix()).reason(p.reason()).build();
        NewDeployment request = null;
        try {
            request = DeploymentRequestValidator.validate(create, who, executors.names());
        } catch (ProblemException e) {
            if (e.type() != ProblemType.VALIDATION) {
                throw e;
            }
            // the deployment's environment is the promotion's target
            ((List<FieldError>) e.extensions().get("errors")).stream()
                    .filter(f -> !(f.field().equals("version") && errors.stream().anyMatch(x -> x.field()
                            .equals("version"))))
                    .map(f -> f.field().equals("environment") ? new FieldError("to", f.message()) : f)
                    .forEach(errors::add);
        }
        if (!errors.isEmpty()) {
            throw FieldErrors.invalid(errors);
        }
        return request;
    }
}
