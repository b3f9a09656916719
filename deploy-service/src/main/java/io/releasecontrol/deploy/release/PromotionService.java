package io.releasecontrol.deploy.release;

import io.releasecontrol.deploy.deployment.Deployment;
import io.releasecontrol.deploy.deployment.DeploymentRepository;
import io.releasecontrol.deploy.deployment.DeploymentService;
import io.releasecontrol.deploy.deployment.DeploymentStatus;
import io.releasecontrol.deploy.deployment.NewDeployment;
import io.releasecontrol.deploy.runner.DeploymentStarter;
import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.runtime.problem.ProblemType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Promotion of a version from one environment to the next: allowed only when the target's policy
 * is met by this service's own history of the source environment; otherwise a 422 listing every
 * unmet condition. The deployment it starts then meets the target's freeze windows and approvals.
 */
@Service
class PromotionService {

    private final PolicyService policies;
    private final DeploymentRepository repository;
    private final DeploymentStarter starter;

    public PromotionService(PolicyService policies, DeploymentRepository repository, DeploymentStarter starter) {
        this.policies = policies;
        this.repository = repository;
        this.starter = starter;
    }

    /** A condition of the target's policy that the version does not meet. */
    public record Unmet(String condition, String detail) {
    }

    public Mono<Deployment> promote(NewDeployment request, String from) {
        String app = request.application();
        String version = request.version();
        return policies.get(request.environment()).flatMap(policy -> repository.lastSucceeded(app, from, version)
                .flatMap(success -> repository.after(app, from, success.spec().sequence()).collectList()
                        .flatMap(later -> decide(policy, request, from, success, later)))
                .switchIfEmpty(Mono.defer(() -> decide(policy, request, from, null, List.of()))));
    }

    private Mono<Deployment> decide(EnvironmentPolicy policy, NewDeployment request, String from, Deployment success,
            List<Deployment> later) {
        List<Unmet> unmet = unmet(policy, request, from, success, later, Instant.now());
        return unmet.isEmpty() ? starter.start(withDescription(request, from, success), null)
                : Mono.error(refused(request, from, unmet));
    }

    static List<Unmet> unmet(EnvironmentPolicy policy, NewDeployment req, String from, Deployment success,
            List<Deployment> later, Instant now) {
        List<Unmet> unmet = new ArrayList<>();
        String to = req.environment();
        if (policy.requiredPreceding() != null && !policy.requiredPreceding().equals(from)) {
            unmet.add(new Unmet("preceding-environment", "environment " + to + " takes promotions from "
                    + policy.requiredPreceding() + " only, not from " + from));
        }
        if (!policy.allowedStrategies().contains(req.strategy())) {
            unmet.add(new Unmet("strategy-allowed", "strategy " + req.strategy().wire() + " is not allowed in " + to));
        }
        if (success == null) {
            unmet.add(new Unmet("succeeded-in-source", "version " + req.version() + " of " + req.application()
                    + " has no successful deployment in " + from));
            return unmet;
        }
        Instant succeededAt = success.state().completedAt();
        Duration soaked = Duration.between(succeededAt, now);
        if (soaked.compareTo(policy.minimumSoak()) < 0) {
            unmet.add(new Unmet("soak-time", "version " + req.version() + " succeeded in " + from + " at "
                    + succeededAt + ": soaked " + seconds(soaked) + " of the " + policy.minimumSoak()
                    + " environment " + to + " requires (eligible from " + succeededAt.plus(policy.minimumSoak())
                    + ")"));
        }
        for (Deployment d : later) {
            boolean rollback = d.spec().isRollback() || d.spec().sagaId() != null;
            if (rollback && !req.version().equals(d.spec().version())
                    && d.status() != DeploymentStatus.CANCELLED) {
                unmet.add(new Unmet("not-rolled-back", "version " + req.version() + " was rolled back in " + from
                        + " by deployment " + d.spec().id() + " (to " + d.spec().version() + ", " + d.status() + ")"));
            } else if (req.version().equals(d.spec().version()) && d.status() == DeploymentStatus.FAILED) {
                unmet.add(new Unmet("not-failed", "version " + req.version() + " failed in " + from
                        + " since it succeeded (deployment " + d.spec().id() + ": " + d.state().failureReason()
                        + ")"));
            }
        }
        return unmet;
    }

    private static String seconds(Duration d) {
        return Duration.ofSeconds(d.getSeconds()).toString();
    }

    private static NewDeployment withDescription(NewDeployment r, String from, Deployment success) {
        String promoted = "promoted from " + from + " (deployment " + success.spec().id() + ")";
        var options = r.options().withDescription(r.options().description() == null ? promoted
                : r.options().description() + "; " + promoted);
        return r.toBuilder().options(options).build();
    }

    private static ProblemException refused(NewDeployment r, String from, List<Unmet> unmet) {
        Map<String, Object> ext = new LinkedHashMap<>();
        ext.put("application", r.application());
        ext.put("version", r.version());
        ext.put("from", from);
        ext.put("to", r.environment());
        ext.put("unmet", unmet);
        return new ProblemException(ProblemType.UNPROCESSABLE, "cannot promote " + r.application() + " "
                + r.version() + " from " + from + " to " + r.environment() + ": " + String.join("; ",
                unmet.stream().map(Unmet::detail).toList()), ext);
    }
}
