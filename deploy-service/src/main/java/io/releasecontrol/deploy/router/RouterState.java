package io.releasecontrol.deploy.router;

import io.releasecontrol.deploy.strategy.RoutingConfig;
import java.util.Map;

/**
 * What a router reports for one target.
 *
 * @param backend       the router's name for the target
 * @param weights       weight per server ({@code stable}/{@code canary} or {@code blue}/{@code green})
 * @param canaryPercent the percent the user-hash rule compares against; null for blue-green
 * @param rules         the routing rules in force; null for blue-green
 */
record RouterState(String backend, Map<String, Integer> weights, Integer canaryPercent, RoutingConfig rules) {

    RouterState {
        weights = Map.copyOf(weights);
    }
}
