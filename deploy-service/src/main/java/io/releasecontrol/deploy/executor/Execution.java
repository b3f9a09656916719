package io.releasecontrol.deploy.executor;

import io.releasecontrol.deploy.deployment.DeploymentSpec;
import io.releasecontrol.deploy.strategy.Step;
import java.util.Map;

/**
 * One step of one deployment handed to an executor.
 *
 * @param weight          the new version's share of traffic asked for in this step (RC_WEIGHT)
 * @param previousVersion what runs in the target now (what a rollback replaces)
 * @param colour          blue-green: the colour being deployed to; null otherwise
 * @param servers         where the environment's traffic router routes the application: its servers by
 *                        role ({@code stable}, {@code canary} or {@code blue}, {@code green}) as
 *                        {@code host:port}, so a script knows where to install; empty without a router
 */
public record Execution(DeploymentSpec deployment, Step step, int weight, String previousVersion, String colour,
        Map<String, String> servers) {

    public Execution {
        servers = servers == null ? Map.of() : Map.copyOf(servers);
    }

    /** A step of a target no router routes. */
    public Execution(DeploymentSpec deployment, Step step, int weight, String previousVersion, String colour) {
        this(deployment, step, weight, previousVersion, colour, Map.of());
    }

    /** Idempotency key: starting the same step of the same deployment twice runs it once. */
    public String key() {
        return deployment.id() + "/" + step.name();
    }
}
