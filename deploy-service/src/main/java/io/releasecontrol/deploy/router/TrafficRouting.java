package io.releasecontrol.deploy.router;

import io.releasecontrol.deploy.deployment.DeploymentSpec;
import io.releasecontrol.deploy.strategy.BlueGreenPlanner;
import io.releasecontrol.deploy.strategy.RoutingConfig;
import io.releasecontrol.events.Strategy;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Makes a deployment's traffic real where its environment has a router: a canary's share with its
 * routing rules, a blue-green switch or switch-back. Empty where there is no router, or the router
 * does not route the application: those environments keep the executor's RC_WEIGHT only.
 */
@Component
public class TrafficRouting {

    private final TrafficRouters routers;

    TrafficRouting(TrafficRouters routers) {
        this.routers = routers;
    }

    /**
     * Sets the new version's share to {@code newPercent}: the lines to log, what the router did;
     * errors with {@link RouterException} and its reason.
     *
     * @param newColour blue-green: the colour the deployment installed (null otherwise)
     */
    public Mono<List<String>> follow(DeploymentSpec spec, String newColour, int newPercent) {
        var router = routers.forEnvironment(spec.environment()).filter(r -> r.routes(spec.application()));
        // rolling deployments replace instances in place: no router move belongs to them
        if (router.isEmpty() || spec.strategy() == Strategy.ROLLING) {
            return Mono.empty();
        }
        TrafficRouter r = router.get();
        String app = spec.application();
        // the router's I/O blocks for milliseconds: off the event loop
        return Mono.fromCallable(() -> r.blueGreen(app) ? switchColour(r, spec, newColour, newPercent)
                        : shiftCanary(r, spec, newPercent))
                .subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * Whether a canary of this deployment ends by promoting the new version to the stable servers:
     * its environment's router has stable and canary servers for the application.
     */
    public boolean promotes(DeploymentSpec spec) {
        return spec.strategy() == Strategy.CANARY && canaryRouter(spec).isPresent();
    }

    /**
     * After the executor installed the new version on the stable servers: all traffic back to them
     * (canary 0 %, its user-hash rule off), read back and described. Empty where {@link #promotes} is false.
     */
    public Mono<List<String>> promote(DeploymentSpec spec) {
        if (!promotes(spec)) {
            return Mono.empty();
        }
        TrafficRouter r = canaryRouter(spec).get();
        return Mono.fromCallable(() -> List.of("promoted " + spec.version() + " to the stable servers: "
                        + r.shiftCanary(spec.application(), 0)))
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** The application's servers behind its environment's router by role; empty without one. */
    public Map<String, String> servers(DeploymentSpec spec) {
        return routers.forEnvironment(spec.environment()).filter(r -> r.routes(spec.application()))
                .map(r -> r.servers(spec.application())).orElse(Map.of());
    }

    private java.util.Optional<TrafficRouter> canaryRouter(DeploymentSpec spec) {
        return routers.forEnvironment(spec.environment())
                .filter(r -> r.routes(spec.application()) && !r.blueGreen(spec.application()));
    }

    private static List<String> switchColour(TrafficRouter r, DeploymentSpec spec, String newColour, int percent) {
        if (spec.strategy() != Strategy.BLUE_GREEN) {
            throw new RouterException(spec.application() + " has blue and green servers behind the router of "
                    + spec.environment() + ": a " + spec.strategy().wire() + " deployment cannot move its traffic");
        }
        if (newColour == null || (percent != 0 && percent != 100)) {
            throw new RouterException("a blue-green switch moves 0 or 100 % to a colour, asked " + percent
                    + " % to " + newColour);
        }
        String live = percent == 100 ? newColour : BlueGreenPlanner.idleColour(newColour);
        return List.of(r.applyRules(spec.application(), null), r.switchColour(spec.application(), live));
    }

    private static List<String> shiftCanary(TrafficRouter r, DeploymentSpec spec, int percent) {
        if (spec.strategy() != Strategy.CANARY) {
            throw new RouterException(spec.application() + " has stable and canary servers behind the router of "
                    + spec.environment() + ": a " + spec.strategy().wire() + " deployment cannot move its traffic");
        }
        RoutingConfig rules = spec.canary() == null ? RoutingConfig.DEFAULT : spec.canary().routing();
        return List.of(r.applyRules(spec.application(), rules), r.shiftCanary(spec.application(), percent));
    }
}
