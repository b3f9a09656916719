package io.releasecontrol.demo.real;

import java.util.Map;

/**
 * The analysis policy's Prometheus templates (docs/metrics.md, "Prometheus pull") that turn
 * HAProxy's per-server counters into per-version samples. deploy-service's router names the servers
 * {@code stable} and {@code canary}, not by version, and a template only receives {@code {version}}:
 * the template compares it with the canary's version inside PromQL ({@code label_replace} makes a
 * one-series vector carrying the version as a label, {@code and on(v)} keeps it only when it equals
 * the canary's) and reads the canary server for that version, the stable server for any other.
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

    private HaproxyTemplates() {
    }

    /** {@code requests} and {@code errors} (5xx answered by the server) for an application whose canary is {@code canaryVersion}. */
    public static Map<String, String> forCanary(String canaryVersion) {
        return Map.of("requests", perVersion(canaryVersion, ""), "errors", perVersion(canaryVersion, ",code=\"5xx\""));
    }

    private static String perVersion(String canaryVersion, String codeMatcher) {
        String isCanary = "(label_replace(vector(1), \"v\", \"{version}\", \"\", \"\") and on(v) label_replace(vector(1), \"v\", \""
                + canaryVersion + "\", \"\", \"\"))";
        String isStable = isCanary.replace(" and on(v) ", " unless on(v) ");
        return server("canary", codeMatcher) + " and on() " + isCanary + " or " + server("stable", codeMatcher)
                + " and on() " + isStable;
    }

    private static String server(String name, String codeMatcher) {
        return "sum(rate(haproxy_server_http_responses_total{proxy=\"rc_{application}_{environment}\",server=\"" + name
                + "\"" + codeMatcher + "}[3s]))";
    }
}
