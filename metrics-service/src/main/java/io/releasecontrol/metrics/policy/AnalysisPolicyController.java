package io.releasecontrol.metrics.policy;

import io.releasecontrol.events.analysis.AnalysisPolicyChanged;
import io.releasecontrol.metrics.config.MetricsProperties;
import io.releasecontrol.metrics.evaluation.Evaluator;
import io.releasecontrol.metrics.evaluation.Rule;
import io.releasecontrol.metrics.gate.GateProperties;
import io.releasecontrol.metrics.rules.Replay;
import io.releasecontrol.metrics.web.Roles;
import io.releasecontrol.runtime.identity.TrustedIdentity;
import io.releasecontrol.runtime.problem.ProblemException;
import jakarta.validation.Validator;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * An application's analysis policy ({@code ?environment=} for one environment's): {@code GET}
 * viewer, {@code PUT} and {@code DELETE} admin. A change is stored, used by this instance at once
 * and published as {@link AnalysisPolicyChanged} before the answer (which is how the other instances
 * learn of it: {@link AnalysisChangeListener}).
 */
@RestController
class AnalysisPolicyController {

    static final String PATH = "/api/v1/applications/{app}/analysis";

    private final PolicyRepository repository;
    private final AnalysisPolicies policies;
    private final PolicyEvents events;
    private final Evaluator evaluator;
    private final PolicyValidator validator;
    private final Replay replay;

    AnalysisPolicyController(PolicyRepository repository, AnalysisPolicies policies, PolicyEvents events,
            Evaluator evaluator, MetricsProperties properties, GateProperties gate, Replay replay, Validator validator) {
        this.replay = replay;
        this.repository = repository;
        this.policies = policies;
        this.events = events;
        this.evaluator = evaluator;
        this.validator = new PolicyValidator(validator, properties.retention(), gate.settings());
    }

    @GetMapping(PATH)
    PolicyView get(@PathVariable("app") String application, @RequestParam(required = false) String environment,
            ServerWebExchange exchange) {
        Roles.require(exchange, TrustedIdentity.VIEWER);
        validator.checkTarget(application, environment);
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
        validator.checkTarget(application, environment);
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

    /**
     * What would this draft have done? The draft, validated as a PUT of the environment's policy
     * would be, merged over the global rules and the saved application policy, replayed over the
     * target's stored samples of {@code from}..{@code to} (default: the last hour). Nothing is saved.
     */
    @PostMapping(PATH + "/replay")
    Mono<Replay.Result> replayDraft(@PathVariable("app") String application,
            @RequestParam(required = false) String environment, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestBody PolicyRequest body, ServerWebExchange exchange) {
        TrustedIdentity caller = Roles.require(exchange, TrustedIdentity.VIEWER);
        if (environment == null || environment.isBlank()) {
            throw ProblemException.invalid("environment", "is required: the draft is replayed over that environment's"
                    + " stored samples");
        }
        Instant end = instant("to", to, Instant.now());
        Instant start = instant("from", from, end.minus(Duration.ofHours(1)));
        if (!start.isBefore(end) || Duration.between(start, end).compareTo(MAX_REPLAY) > 0) {
            throw ProblemException.invalid("from", "must be before to and at most " + MAX_REPLAY + " before it");
        }
        AnalysisPolicy draft = validator.validate(application, environment, body, inherited(application, environment),
                caller.subject(), Instant.now());
        List<Rule> rules = PolicySet.merge(evaluator.rules(), policies.policy(application, null).orElse(null), draft)
                .rules().stream().filter(Rule::enabled).toList();
        return replay.stored(application, environment, start, end, rules);
    }

    /** The longest stored range a draft is replayed over (the replay reads at most Replay's sample limit anyway). */
    static final Duration MAX_REPLAY = Duration.ofHours(24);

    private static Instant instant(String field, String value, Instant otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return Instant.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw ProblemException.invalid(field, "must be an ISO-8601 UTC time such as 2026-03-01T10:15:30Z, got '"
                    + value + "'");
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
                policies.gateWithSource(application, environment),
                policies.prometheusWithSource(application, environment));
    }
}
