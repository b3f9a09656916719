package io.releasecontrol.deploy.router;

import io.releasecontrol.deploy.strategy.RoutingConfig;

/**
 * Moves one environment's real traffic between what ran before and the version being deployed.
 * Calls block on the router's I/O (milliseconds); every change is read back from the router and
 * described as "from X -> Y". Failures are {@link RouterException}s with the reason.
 */
interface TrafficRouter {

    /** Whether the application has servers behind this router (else its steps ignore the router). */
    boolean routes(String application);

    /** Whether the application's servers are blue and green (else stable and canary). */
    boolean blueGreen(String application);

    /**
     * Makes the rules the target's canary routing: a no-op when they are already in force; a
     * validated configuration change otherwise (for HAProxy: a reload, never for a weight).
     * Also puts a target the router does not know yet in place.
     */
    String applyRules(String application, RoutingConfig rules);

    /** The canary's share 0..100 of the target's traffic (the stable servers get the rest). */
    String shiftCanary(String application, int percent);

    /** All of the target's traffic to {@code colour} ({@code blue} or {@code green}) at once. */
    String switchColour(String application, String colour);

    /** The application's servers by role ({@code stable}, {@code canary} or {@code blue}, {@code green}): {@code host:port}. */
    java.util.Map<String, String> servers(String application);

    RouterState state(String application);
}
