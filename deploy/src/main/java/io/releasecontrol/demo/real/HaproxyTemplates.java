package io.releasecontrol.demo.real;

import java.util.Map;

/**
 * The analysis policy's Prometheus templates (docs/metrics.md, "Prometheus pull") that turn
 * HAProxy's per-server counters into per-version samples. deploy-service's router names the servers
 * {@code stable} and {@code canary}, not by version; metrics-service fills {@code {role}} with the
 * server each version runs behind (a running canary's version: {@code canary}; any other, also a
 * canary promoted to the stable servers: {@code stable}), so one template serves every deployment.
 * Counters become a per-second rate over 3 s, which with a 1 s pull is each pull's share of the
 * requests (a 1 s scrape keeps 3 points in the range).
 */
public final class HaproxyTemplates {

    /**
     * The policy's rules beside these templates: HAProxy's 5xx are the samples' errors, which the
     * error-rate rule judges; the 5xx-per-minute rule, without an {@code http5xx} field, would only
     * hold a canary's step gate as undecided (seen: "undecided http5xx-10-per-min (sequential
     * inconclusive after 582 requests vs 1.0.0)"), so the policy disables it.
     */
    public static final java.util.List<Map<String, Object>> RULES =
            java.util.List.of(Map.of("id", "http5xx-10-per-min", "enabled", false));

    /** {@code requests} and {@code errors} (5xx answered by the server) of the server a version runs behind. */
    public static final Map<String, String> TEMPLATES = Map.of("requests", server(""), "errors",
            server(",code=\"5xx\""));

    private HaproxyTemplates() {
    }

    private static String server(String codeMatcher) {
        return "sum(rate(haproxy_server_http_responses_total{proxy=\"rc_{application}_{environment}\",server=\"{role}\""
                + codeMatcher + "}[3s]))";
    }
}
