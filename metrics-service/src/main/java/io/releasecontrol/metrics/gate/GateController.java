package io.releasecontrol.metrics.gate;

import io.releasecontrol.metrics.evaluation.Evaluator;
import io.releasecontrol.metrics.evaluation.Rule;
import io.releasecontrol.metrics.web.Roles;
import io.releasecontrol.metrics.ingest.TargetParams;
import io.releasecontrol.runtime.identity.TrustedIdentity;
import io.releasecontrol.runtime.problem.ProblemException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code GET /api/v1/metrics/gate} (viewer): may a deployment step of {@code version} advance? Asked
 * by deploy-service while a step waits for evidence; always answers with a verdict (no samples is
 * {@code inconclusive}, not a 404), so the caller's only failure is not reaching this service.
 */
@RestController
class GateController {

    private final Evaluator evaluator;
    private final GateLookup policies;

    GateController(Evaluator evaluator, GateLookup policies) {
        this.evaluator = evaluator;
        this.policies = policies;
    }

    @GetMapping("/api/v1/metrics/gate")
    GateVerdict gate(@RequestParam(required = false) String application,
            @RequestParam(required = false) String environment, @RequestParam(required = false) String version,
            @RequestParam(required = false) String since, ServerWebExchange exchange) {
        Roles.require(exchange, TrustedIdentity.VIEWER);
        TargetParams.application(application);
        TargetParams.environment(environment);
        TargetParams.version("version", version);
        Instant from = since(since);
        GateSettings settings = policies.gateFor(application, environment);
        List<String> enforced = evaluator.rulesFor(application, environment).rules().stream()
                .filter(r -> r.enabled() && r.mode() == Rule.Mode.ENFORCE).map(Rule::id).toList();
        return StepGate.decide(application, environment, version, from,
                evaluator.evidence(application, environment, version, from).orElse(null),
                evaluator.clock(application, environment).orElse(null), settings, enforced);
    }

    /** The step's start; absent = everything the window holds. */
    private static Instant since(String value) {
        if (value == null || value.isBlank()) {
            return Instant.EPOCH;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid("since", "must be an ISO-8601 UTC time such as 2026-03-01T10:15:30Z, got '"
                    + value + "'");
        }
    }
}
