package io.releasecontrol.metrics.policy;

import io.releasecontrol.metrics.evaluation.Rule;
import io.releasecontrol.metrics.gate.GateSettings;
import io.releasecontrol.metrics.prometheus.PrometheusQueries;
import java.time.Instant;
import java.util.List;

/**
 * An application's analysis policy, or its policy for one environment: rules it adds or overrides
 * (by id, wholesale), global or application rules it disables, the evidence a deployment step
 * needs, and the PromQL templates its samples are pulled from Prometheus with. Validated; stored in
 * {@code analysis_policies}.
 *
 * @param environment null for the application-wide policy
 * @param disabled    ids of inherited rules switched off for this scope
 * @param gate        the step gate, missing fields filled from {@link GateSettings#DEFAULT}; null when the policy sets none
 * @param prometheus  the Prometheus pull's templates; null when the policy has none
 */
public record AnalysisPolicy(String application, String environment, List<Rule> rules, List<String> disabled,
        GateSettings gate, PrometheusQueries prometheus, String updatedBy, Instant updatedAt) {

    public AnalysisPolicy {
        rules = List.copyOf(rules);
        disabled = List.copyOf(disabled);
    }

    /** The store's {@code _id} and the lookup key: {@code app} or {@code app:env}. */
    public String key() {
        return key(application, environment);
    }

    static String key(String application, String environment) {
        return environment == null ? application : application + ":" + environment;
    }

    /** How evidence names this policy: {@code application shop} or {@code application shop, environment production}. */
    public String name() {
        return "application " + application + (environment == null ? "" : ", environment " + environment);
    }
}
