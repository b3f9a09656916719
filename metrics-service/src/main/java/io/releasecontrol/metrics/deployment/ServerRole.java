package io.releasecontrol.metrics.deployment;

/**
 * Which of a traffic router's two servers a version runs behind, as a Prometheus template's
 * {@code {role}} names it: HAProxy's exporter counts per server ({@code server="canary"}), not per version.
 */
public enum ServerRole {
    /** the version that serves when no canary runs, and every version of a rolling or blue-green deployment */
    STABLE("stable"),
    /** the new version of a running canary deployment */
    CANARY("canary");

    private final String wire;

    ServerRole(String wire) {
        this.wire = wire;
    }

    /** As a template receives it, the router's server name. */
    public String wire() {
        return wire;
    }
}
