package io.releasecontrol.deploy.executor;

import io.releasecontrol.deploy.DeployProperties;
import io.releasecontrol.deploy.strategy.CanaryPlan;
import io.releasecontrol.deploy.strategy.RoutingConfig;
import io.releasecontrol.deploy.strategy.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Walks the steps without touching anything: writes what it would do (instances, weights, the
 * canary routing applied to a sample of users) with a configurable delay, and fails on purpose
 * for versions matching {@code rc.deploy.simulated.fail-versions}. For the demo and the tests.
 */
@Component
class SimulatedExecutor implements DeployExecutor {

    /** Users in the sample the routing rules are applied to, to show what the canary share means. */
    private static final int ROUTING_SAMPLE = 1000;

    private final DeployProperties.Simulated config;
    private final Pattern failVersions;
    private final RunningExecutions<Stop> running = new RunningExecutions<>();

    public SimulatedExecutor(DeployProperties props) {
        this.config = props.simulated();
        this.failVersions = config.failVersions() == null ? null : Pattern.compile(config.failVersions());
    }

    @Override
    public String name() {
        return "simulated";
    }

    @Override
    public String unavailableFor(String environment) {
        return null;
    }

    @Override
    public Flux<OutputLine> start(Execution execution) {
        return running.startOrJoin(execution, stop -> lines(execution, stop), new Stop());
    }

    private Flux<OutputLine> lines(Execution execution, Stop stop) {
        List<OutputLine> lines = describe(execution);
        Flux<OutputLine> paced = Flux.fromIterable(lines)
                .delayElements(config.stepDelay().dividedBy(lines.size()))
                .concatWith(Mono.defer(() -> injectedFailure(execution)));
        return paced.takeUntilOther(stop.signal.asMono())
                .concatWith(Mono.defer(() -> stop.requested.get()
                        ? Mono.error(new ExecutionCancelledException("cancelled")) : Mono.empty()));
    }

    /** A cancel of a running simulated step: the flag says it happened, the signal cuts the step short. */
    private static final class Stop {
        final AtomicBoolean requested = new AtomicBoolean();
        final Sinks.One<Boolean> signal = Sinks.one();

        void fire() {
            requested.set(true);
            signal.tryEmitValue(true);
        }
    }

    private Mono<OutputLine> injectedFailure(Execution execution) {
        boolean fails = failVersions != null && failVersions.matcher(execution.deployment().version()).matches()
                && (config.failStep().isEmpty() || execution.step().name().contains(config.failStep()));
        return fails ? Mono.error(new ExecutionFailedException("injected failure at '" + execution.step().name()
                + "' for version " + execution.deployment().version(), 1, List.of("simulated failure")))
                : Mono.empty();
    }

    /** What the step would do, as log lines. */
    static List<OutputLine> describe(Execution execution) {
        Step step = execution.step();
        var d = execution.deployment();
        List<OutputLine> lines = new ArrayList<>();
        lines.add(OutputLine.stdout("[simulated] " + step.name() + ": " + d.application() + " " + d.version()
                + " in " + d.environment() + (d.isRollback() ? " (rollback of " + d.rollbackOf() + ", replaces "
                + execution.previousVersion() + ")" : "")));
        switch (step.kind()) {
            case DEPLOY -> lines.add(OutputLine.stdout("[simulated] installing " + d.version()
                    + (execution.colour() == null ? "" : " on " + execution.colour())
                    + (d.options().skipBuild() ? ", build skipped" : ", building")
                    + (d.options().skipMigration() ? ", migrations skipped" : ", migrating")));
            case SHIFT_TRAFFIC -> lines.add(OutputLine.stdout("[simulated] weights: new " + execution.weight()
                    + "% / stable " + (100 - execution.weight()) + "%" + routing(d.canary(), execution.weight())));
            case PROMOTE -> lines.add(OutputLine.stdout("[simulated] installing " + d.version()
                    + " on the stable servers" + (execution.servers().containsKey("stable")
                    ? " (" + execution.servers().get("stable") + ")" : "")));
            default -> lines.add(OutputLine.stdout("[simulated] " + step.kind().name().toLowerCase()));
        }
        lines.add(OutputLine.stdout("[simulated] " + step.name() + " done"));
        return lines;
    }

    /** The canary routing rules applied to a sample of users: the share the router would send. */
    static String routing(CanaryPlan canary, int weight) {
        if (canary == null) {
            return "";
        }
        RoutingConfig r = canary.routing();
        long routed = IntStream.range(0, ROUTING_SAMPLE)
                .filter(u -> r.routesToCanary(weight, "user-" + u, null, null)).count();
        return "; routing: users by hash of " + r.userHashHeader() + " (" + routed + "/" + ROUTING_SAMPLE
                + " sampled users to the canary)" + (r.regions().isEmpty() ? "" : ", regions " + r.regions()
                + " via " + r.regionHeader()) + (r.cookie() == null ? "" : ", cookie " + r.cookie());
    }

    @Override
    public Mono<Void> cancel(UUID deploymentId) {
        return Mono.fromRunnable(() -> {
            Stop stop = running.handle(deploymentId);
            if (stop != null) {
                stop.fire();
            }
            running.cancelled(deploymentId);
        });
    }

    /** It changes nothing anywhere: walking a step again is harmless. */
    @Override
    public boolean reentersInterruptedStep(String environment) {
        return true;
    }

    @Override
    public ExecutionStatus status(UUID deploymentId) {
        return running.status(deploymentId);
    }
}
