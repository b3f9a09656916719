package io.releasecontrol.metrics.gate;

/** Where the gate finds a target's settings: its analysis policies, else the configured defaults. */
@FunctionalInterface
public interface GateLookup {

    /** The evidence a deployment step of {@code application} in {@code environment} needs. */
    GateSettings gateFor(String application, String environment);
}
