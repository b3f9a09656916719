package io.releasecontrol.orchestrator.web;

import io.releasecontrol.events.SagaId;
import io.releasecontrol.orchestrator.decision.Decision;
import io.releasecontrol.orchestrator.decision.DecisionService;
import io.releasecontrol.orchestrator.decision.Trigger;
import io.releasecontrol.orchestrator.saga.IllegalSagaTransitionException;
import io.releasecontrol.orchestrator.saga.SagaInput;
import io.releasecontrol.orchestrator.saga.SagaRepository;
import io.releasecontrol.orchestrator.saga.SagaRepository.SagaQuery;
import io.releasecontrol.orchestrator.saga.SagaService;
import io.releasecontrol.orchestrator.saga.SagaState;
import io.releasecontrol.orchestrator.saga.SagaStatus;
import io.releasecontrol.orchestrator.web.RollbackRequests.ManualRollback;
import io.releasecontrol.orchestrator.web.RollbackRequests.OperatorAction;
import io.releasecontrol.runtime.identity.TrustedIdentity;
import io.releasecontrol.runtime.identity.TrustedIdentityWebFilter;
import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.runtime.problem.ProblemType;
import io.releasecontrol.runtime.web.PageResource;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
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

/**
 * {@code /api/v1/rollbacks}: sagas with their steps and decision records; the operator's
 * decisions on a waiting saga (admin, the verified identity recorded on the saga); and the manual
 * rollback, which starts the same saga with cause {@code manual}.
 */
@RestController
@RequestMapping("/api/v1/rollbacks")
class RollbackController {

    static final int MAX_PAGE_SIZE = 200;
    private static final Set<String> CAUSES = Set.of(Trigger.BREACH, Trigger.MANUAL, Trigger.CORRUPTION);

    private final SagaRepository repository;
    private final SagaService sagas;
    private final DecisionService decisions;

    RollbackController(SagaRepository repository, SagaService sagas, DecisionService decisions) {
        this.repository = repository;
        this.sagas = sagas;
        this.decisions = decisions;
    }

    @GetMapping
    Mono<PageResource<RollbackResource>> list(@RequestParam(required = false) String application,
            @RequestParam(required = false) String environment, @RequestParam(required = false) String status,
            @RequestParam(required = false) String cause, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        return Mono.defer(() -> {
            RollbackRequests.checkName("application", application);
            RollbackRequests.checkName("environment", environment);
            if (page < 0) {
                throw ProblemException.invalid("page", "must be >= 0, got " + page);
            }
            if (size < 1 || size > MAX_PAGE_SIZE) {
                throw ProblemException.invalid("size", "must be 1.." + MAX_PAGE_SIZE + ", got " + size);
            }
            if (cause != null && !CAUSES.contains(cause)) {
                throw ProblemException.invalid("cause", "must be one of breach, manual, corruption, got '" + cause + "'");
            }
            return repository.search(new SagaQuery(application, environment, status(status), cause, page, size));
        }).map(p -> new PageResource<>(p.items().stream().map(RollbackResource::of).toList(), p.page(), p.size(),
                p.total()));
    }

    @GetMapping("/{id}")
    Mono<RollbackResource> get(@PathVariable String id) {
        return Mono.defer(() -> found(sagaId(id))).map(RollbackResource::of);
    }

    /** A manual rollback: the same saga as a breach's, decided with cause manual. */
    @PostMapping
    Mono<ResponseEntity<RollbackResource>> start(@RequestBody(required = false) ManualRollback body,
            ServerWebExchange exchange) {
        return Mono.defer(() -> {
            TrustedIdentity who = require(exchange, TrustedIdentity.DEPLOYER);
            RollbackRequests.validate(body);
            Trigger trigger = Trigger.manual(body.application(), body.environment(), body.targetVersion(),
                    who.subject(), body.reason(), Instant.now());
            String requestId = "manual:" + UUID.randomUUID();
            return repository.findActive(body.application(), body.environment())
                    .flatMap(running -> Mono.<Decision>error(busy(running)))
                    .switchIfEmpty(Mono.defer(() -> decisions.decide(trigger)))
                    .flatMap(d -> d.startsSaga() ? sagas.start(trigger, Mono.just(d), requestId)
                            : Mono.error(new ProblemException(ProblemType.UNPROCESSABLE, "nothing to roll back: "
                                    + String.join("; ", d.reasonTexts()), Map.of("reasons", d.reasonTexts()))))
                    .flatMap(started -> started.joined() ? Mono.error(busy(started.saga()))
                            : repository.find(started.saga().id()));
        }).map(v -> ResponseEntity.created(URI.create("/api/v1/rollbacks/" + v.state().id()))
                .body(RollbackResource.of(v)));
    }

    @PostMapping("/{id}/approve")
    Mono<RollbackResource> approve(@PathVariable String id, ServerWebExchange exchange) {
        return act(id, exchange, null, (who, reason) -> at -> new SagaInput.Approve(who, at));
    }

    @PostMapping("/{id}/abort")
    Mono<RollbackResource> abort(@PathVariable String id, @RequestBody(required = false) OperatorAction body,
            ServerWebExchange exchange) {
        return act(id, exchange, body, (who, reason) -> at -> new SagaInput.Abort(who, reason, at));
    }

    @PostMapping("/{id}/confirm-repair")
    Mono<RollbackResource> confirmRepair(@PathVariable String id, ServerWebExchange exchange) {
        return act(id, exchange, null, (who, reason) -> at -> new SagaInput.ConfirmRepair(who, at));
    }

    private Mono<RollbackResource> act(String id, ServerWebExchange exchange, OperatorAction body,
            java.util.function.BiFunction<String, String, Function<Instant, SagaInput>> input) {
        return Mono.defer(() -> {
            String who = require(exchange, TrustedIdentity.ADMIN).subject();
            SagaId saga = sagaId(id);
            String reason = RollbackRequests.reason(body);
            return found(saga)
                    .then(sagas.act(saga, input.apply(who, reason)))
                    .onErrorMap(IllegalSagaTransitionException.class, e -> ProblemException.conflict(e.getMessage(),
                            Map.of("sagaId", id)))
                    .then(found(saga));
        }).map(RollbackResource::of);
    }

    private Mono<io.releasecontrol.orchestrator.saga.SagaView> found(SagaId id) {
        return repository.find(id).switchIfEmpty(Mono.error(() -> ProblemException.notFound("no rollback saga " + id)));
    }

    private static ProblemException busy(SagaState running) {
        return ProblemException.conflict("a rollback saga already runs for " + running.application() + " in "
                + running.environment() + " (" + running.id() + ", " + running.status() + ")",
                Map.of("runningSagaId", running.id().toString()));
    }

    private static SagaId sagaId(String id) {
        try {
            return new SagaId(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("id", "must be a saga id (UUID), got '" + id + "'");
        }
    }

    private static SagaStatus status(String status) {
        if (status == null) {
            return null;
        }
        try {
            return SagaStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("status", "must be one of " + Arrays.toString(SagaStatus.values())
                    + ", got '" + status + "'");
        }
    }

    /** The verified caller with at least {@code role}: 401 without a gateway identity, 403 without the role. */
    private static TrustedIdentity require(ServerWebExchange exchange, String role) {
        TrustedIdentity who = TrustedIdentityWebFilter.identity(exchange).orElseThrow(() -> new ProblemException(
                ProblemType.UNAUTHENTICATED, "this action needs a verified caller (X-RC-Identity from the gateway)"));
        if (!who.hasRole(role)) {
            throw new ProblemException(ProblemType.FORBIDDEN, who.subject() + " lacks role " + role);
        }
        return who;
    }
}
