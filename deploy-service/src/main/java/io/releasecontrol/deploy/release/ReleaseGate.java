package io.releasecontrol.deploy.release;

import io.releasecontrol.deploy.deployment.ApprovalRequest;
import io.releasecontrol.deploy.deployment.NewDeployment;
import io.releasecontrol.deploy.runner.PolicyCheck;
import io.releasecontrol.events.Strategy;
import io.releasecontrol.runtime.identity.TrustedIdentity;
import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.runtime.problem.ProblemType;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * What an environment's policy says about a new deployment: refused (strategy not allowed: 422;
 * freeze window: 423 naming it), admitted after approvals, or admitted at once.
 */
@Component
class ReleaseGate implements PolicyCheck {

    private final PolicyService policies;

    public ReleaseGate(PolicyService policies) {
        this.policies = policies;
    }

    /** The approvals the deployment needs (empty: none), or an error when it may not run at all. */
    @Override
    public Mono<ApprovalRequest> check(NewDeployment req, Instant now) {
        // a saga's deployment is the rollback orchestrator's decision, with its own approval step
        if (req.sagaId() != null) {
            return Mono.empty();
        }
        return policies.get(req.environment()).flatMap(p -> Mono.justOrEmpty(decide(p, req, now)));
    }

    static ApprovalRequest decide(EnvironmentPolicy p, NewDeployment req, Instant now) {
        if (!p.allowedStrategies().contains(req.strategy())) {
            throw new ProblemException(ProblemType.UNPROCESSABLE, "strategy " + req.strategy().wire()
                    + " is not allowed in environment " + p.environment() + " (allowed: " + allowed(p) + ")",
                    Map.of("allowedStrategies", Arrays.stream(Strategy.values())
                            .filter(p.allowedStrategies()::contains).map(Strategy::wire).toList()));
        }
        boolean rollback = req.rollbackOf() != null || req.repair();
        boolean hotfix = req.options().hotfix();
        Instant expires = now.plus(p.approvalTimeout());
        var freeze = p.activeFreeze(now);
        if (freeze.isPresent()) {
            var f = freeze.get();
            if (!rollback && !hotfix) {
                throw frozen(p.environment(), f);
            }
            int required = Math.max(1, p.approvalsRequired());
            return new ApprovalRequest(required, TrustedIdentity.ADMIN, (rollback ? "rollback" : "hotfix")
                    + " during freeze window '" + f.window().name() + "' (until " + f.until() + ") needs " + required
                    + " admin approval(s)", f.window().name(), expires);
        }
        if (p.approvalsRequired() > 0 && !rollback) {
            return new ApprovalRequest(p.approvalsRequired(), p.approverRole(), "environment " + p.environment()
                    + " requires " + p.approvalsRequired() + " approval(s) by " + p.approverRole()
                    + " (never the requester)", null, expires);
        }
        return null;
    }

    private static String allowed(EnvironmentPolicy p) {
        return String.join(", ", Arrays.stream(Strategy.values()).filter(p.allowedStrategies()::contains)
                .map(Strategy::wire).toList());
    }

    private static ProblemException frozen(String environment, EnvironmentPolicy.ActiveFreeze f) {
        Map<String, Object> ext = new LinkedHashMap<>();
        ext.put("environment", environment);
        ext.put("freezeWindow", f.window().name());
        ext.put("until", f.until().toString());
        if (f.window().reason() != null) {
            ext.put("reason", f.window().reason());
        }
        return new ProblemException(ProblemType.FREEZE_WINDOW, "environment " + environment + " is in freeze window '"
                + f.window().name() + "' until " + f.until()
                + (f.window().reason() == null ? "" : " (" + f.window().reason() + ")")
                + ": only rollbacks and hotfixes (hotfix: true with a reason, admin approval) may deploy", ext);
    }
}
