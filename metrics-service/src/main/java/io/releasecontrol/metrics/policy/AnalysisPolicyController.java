package io.releasecontrol.metrics.policy;

import io.releasecontrol.events.analysis.AnalysisPolicyChanged;
import io.releasecontrol.metrics.config.MetricsProperties;
import io.releasecontrol.metrics.evaluation.Evaluator;
import io.releasecontrol.metrics.evaluation.Rule;
import io.releasecontrol.metrics.rules.RuleView;
import io.releasecontrol.metrics.web.Roles;
import io.releasecontrol.runtime.identity.TrustedIdentity;
import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.runtime.problem.ProblemException.FieldError;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * An application's analysis policy ({@code ?environment=} for one environment's): {@code GET}
 * viewer, {@code PUT} and {@code DELETE} admin. A change is stored, used by this instance at once
 * (others within {@code rc.metrics.rules-refresh}) and published as {@link AnalysisPolicyChanged}
 * before the answer.
 */
@RestController
class AnalysisPolicyController {

    static final String PATH = "/api/v1/applications/{app}/analysis";

    private final PolicyRepository repository;
    private final AnalysisPolicies policies;
    private final PolicyEvents events;
    private final Evaluator evaluator;
    private final PolicyValidator validator;

    AnalysisPolicyController(PolicyRepository repository, AnalysisPolicies policies, PolicyEvents events,
            Evaluator evaluator, MetricsProperties properties) {
        this.repository = repository;
        this.policies = policies;
        this.events = events;
        this.evaluator = evaluator;
        this.validator = new PolicyValidator(properties.retention(), properties.gateSettings());
    }

    @GetMapping(PATH)
    PolicyView get(@PathVariable("app") String application, @RequestParam(required = false) String environment,
            ServerWebExchange exchange) {
        Roles.require(exchange, TrustedIdentity.VIEWER);
        checkTarget(application, environment);
        return view(application, environment);
    }

    @PutMapping(PATH)
    Mono<PolicyView> put(@PathVariable("app") String application, @RequestParam(required = false) String environment,
            @RequestBody PolicyRequest body, ServerWebExchange exchange) {
        TrustedIdentity admin = Roles.require(exchange, TrustedIdentity.ADMIN);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        AnalysisPolicy policy = validator.validate(application, environment, body, inherited(application, environment),
                admin.subject(), now);
        return repository.save(policy)
                .doOnNext(created -> policies.put(policy))
                .flatMap(created -> events.publish(PolicyEvents.changed(application, environment, policy,
                        created ? AnalysisPolicyChanged.CREATED : AnalysisPolicyChanged.REPLACED, admin.subject(), now)))
                .then(Mono.fromSupplier(() -> view(application, environment)));
    }

    @DeleteMapping(PATH)
    Mono<ResponseEntity<Void>> delete(@PathVariable("app") String application,
            @RequestParam(required = false) String environment, ServerWebExchange exchange) {
        TrustedIdentity admin = Roles.require(exchange, TrustedIdentity.ADMIN);
        checkTarget(application, environment);
        return repository.delete(application, environment).flatMap(deleted -> {
            if (!deleted) {
                return Mono.error(ProblemException.notFound("no analysis policy for "
                        + AnalysisPolicy.key(application, environment)));
            }
            policies.remove(application, environment);
            return events.publish(PolicyEvents.changed(application, environment, null, AnalysisPolicyChanged.DELETED,
                    admin.subject(), Instant.now().truncatedTo(ChronoUnit.MILLIS)))
                    .thenReturn(ResponseEntity.noContent().<Void>build());
        });
    }

    private static void checkTarget(String application, String environment) {
        List<FieldError> errors = PolicyValidator.target(application, environment);
        if (!errors.isEmpty()) {
            throw RuleView.invalid(errors);
        }
    }

    /** What a disable may name: the global rules, and for an environment's policy the application policy's too. */
    private Set<String> inherited(String application, String environment) {
        Set<String> ids = new HashSet<>();
        evaluator.rules().forEach(r -> ids.add(r.id()));
        if (environment != null) {
            policies.policy(application, null).ifPresent(p -> p.rules().stream().map(Rule::id).forEach(ids::add));
        }
        return ids;
    }

    private PolicyView view(String application, String environment) {
        return PolicyView.of(application, environment, policies.policy(application, environment).orElse(null),
                evaluator.rulesFor(application, environment == null ? "*" : environment),
                policies.gateWithSource(application, environment));
    }
}
