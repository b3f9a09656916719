package io.releasecontrol.deploy.runner;

import io.releasecontrol.deploy.access.Callers;
import io.releasecontrol.deploy.deployment.ApprovalGate;
import io.releasecontrol.deploy.deployment.ApprovalGateRepository;
import io.releasecontrol.deploy.deployment.Deployment;
import io.releasecontrol.deploy.deployment.DeploymentRepository;
import io.releasecontrol.deploy.deployment.DeploymentRepository.DeploymentQuery;
import io.releasecontrol.deploy.deployment.DeploymentRequestChecks;
import io.releasecontrol.deploy.deployment.DeploymentRequests;
import io.releasecontrol.deploy.deployment.DeploymentResource;
import io.releasecontrol.deploy.deployment.DeploymentResources;
import io.releasecontrol.deploy.deployment.DeploymentService;
import io.releasecontrol.deploy.deployment.DeploymentStatus;
import io.releasecontrol.deploy.deployment.Transition;
import io.releasecontrol.deploy.executor.DeployExecutors;
import io.releasecontrol.deploy.log.LogService;
import io.releasecontrol.runtime.identity.TrustedIdentity;
import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.runtime.web.PageResource;
import jakarta.validation.Validator;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** {@code /api/v1/deployments}: start, history, one, and control of a running deployment. */
@RestController
@RequestMapping("/api/v1/deployments")
class DeploymentController {

    private static final int MAX_PAGE_SIZE = 200;

    private final DeploymentStarter starter;
    private final DeploymentService deployments;
    private final DeploymentRepository repository;
    private final DeploymentRunner runner;
    private final DeployExecutors executors;
    private final LogService logs;
    private final ApprovalGateRepository gates;
    private final DeploymentResources resources;
    private final Validator validator;

    DeploymentController(DeploymentStarter starter, DeploymentService deployments, DeploymentRepository repository,
            DeploymentRunner runner, DeployExecutors executors, LogService logs, ApprovalGateRepository gates,
            DeploymentResources resources, Validator validator) {
        this.validator = validator;
        this.gates = gates;
        this.resources = resources;
        this.starter = starter;
        this.deployments = deployments;
        this.repository = repository;
        this.runner = runner;
        this.executors = executors;
        this.logs = logs;
    }

    @PostMapping
    Mono<ResponseEntity<DeploymentResource>> create(@RequestBody(required = false) DeploymentRequests.Create body,
            ServerWebExchange exchange) {
        return Mono.defer(() -> {
            TrustedIdentity who = Callers.require(exchange, TrustedIdentity.DEPLOYER);
            var request = DeploymentRequestChecks.newDeployment(validator, body, who.subject(), executors.names());
            Mono<Void> rollbackTarget = request.rollbackOf() == null ? Mono.empty()
                    : repository.findById(request.rollbackOf()).switchIfEmpty(Mono.error(() ->
                            ProblemException.invalid("rollbackOf", "no deployment " + request.rollbackOf()))).then();
            return rollbackTarget.then(starter.start(request, null));
        }).flatMap(resources::of).map(r -> ResponseEntity.created(URI.create("/api/v1/deployments/" + r.id()))
                .body(r));
    }

    @GetMapping
    Mono<PageResource<DeploymentResource>> list(@RequestParam(required = false) String application,
            @RequestParam(required = false) String environment, @RequestParam(required = false) String status,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        return Mono.defer(() -> {
            if (page < 0) {
                throw ProblemException.invalid("page", "must be >= 0, got " + page);
            }
            if (size < 1 || size > MAX_PAGE_SIZE) {
                throw ProblemException.invalid("size", "must be 1.." + MAX_PAGE_SIZE + ", got " + size);
            }
            var query = new DeploymentQuery(application, environment, status(status), instant("from", from),
                    instant("to", to), page, size);
            return repository.search(query);
        }).map(p -> new PageResource<>(p.items().stream().map(DeploymentResource::of).toList(), p.page(), p.size(),
                p.total()));
    }

    @GetMapping("/{id}")
    Mono<DeploymentResource> one(@PathVariable String id) {
        return Mono.defer(() -> deployments.find(DeploymentResources.id(id))).flatMap(resources::of);
    }


    @PostMapping("/{id}/cancel")
    Mono<DeploymentResource> cancel(@PathVariable String id,
            @RequestBody(required = false) DeploymentRequests.Control body, ServerWebExchange exchange) {
        return control(id, exchange, "cancelled", (who, reason) -> d -> d.cancel(who, reason,
                DeploymentService.now()), body)
                .flatMap(d -> runner.stopExecutor(d).thenReturn(d))
                // one that waited for approvals needs them no more
                .flatMap(d -> gates.close(d.spec().id(), ApprovalGate.Status.CANCELLED, DeploymentService.now())
                        .then(resources.of(d)));
    }

    @PostMapping("/{id}/pause")
    Mono<DeploymentResource> pause(@PathVariable String id,
            @RequestBody(required = false) DeploymentRequests.Control body, ServerWebExchange exchange) {
        return control(id, exchange, "paused", (who, reason) -> d -> d.pause(who), body).map(DeploymentResource::of);
    }

    @PostMapping("/{id}/resume")
    Mono<DeploymentResource> resume(@PathVariable String id,
            @RequestBody(required = false) DeploymentRequests.Control body, ServerWebExchange exchange) {
        return control(id, exchange, "resumed", (who, reason) -> d -> d.resume(who), body).map(DeploymentResource::of);
    }

    @PostMapping("/{id}/promote")
    Mono<DeploymentResource> promote(@PathVariable String id,
            @RequestBody(required = false) DeploymentRequests.Control body, ServerWebExchange exchange) {
        return control(id, exchange, "promoted", (who, reason) -> d -> d.promote(who,
                body == null ? null : body.reason(), DeploymentService.now()), body)
                .map(DeploymentResource::of);
    }

    /** A control action: the caller needs deployer; the transition and a log line say who did it. */
    private Mono<Deployment> control(String id, ServerWebExchange exchange, String verb,
            java.util.function.BiFunction<String, String, Function<Deployment, Transition>> action,
            DeploymentRequests.Control body) {
        return Mono.defer(() -> {
            UUID uuid = DeploymentResources.id(id);
            String who = Callers.require(exchange, TrustedIdentity.DEPLOYER).subject();
            String reason = body == null || body.reason() == null ? verb + " by " + who : body.reason();
            return deployments.transition(uuid, null, action.apply(who, reason))
                    .flatMap(d -> logs.system(d.spec(), verb + " by " + who
                            + (body == null || body.reason() == null ? "" : ": " + body.reason())).thenReturn(d));
        });
    }

    private static DeploymentStatus status(String status) {
        if (status == null) {
            return null;
        }
        try {
            return DeploymentStatus.valueOf(status.toUpperCase());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("status", "must be one of " + List.of(DeploymentStatus.values())
                    + ", got '" + status + "'");
        }
    }

    private static Instant instant(String field, String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field, "must be an ISO-8601 UTC time such as 2026-03-01T10:15:30Z, got '"
                    + value + "'");
        }
    }
}
