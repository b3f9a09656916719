package io.releasecontrol.metrics.policy;

import io.releasecontrol.metrics.evaluation.EffectiveRules;
import io.releasecontrol.metrics.evaluation.Rule;
import io.releasecontrol.metrics.evaluation.RuleResolver;
import io.releasecontrol.metrics.gate.GateSettings;
import io.releasecontrol.metrics.prometheus.PrometheusQueries;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every stored policy, as one immutable snapshot the engine resolves targets with. The merge: the
 * global rules, then the application's policy, then the application+environment policy, each
 * layer disabling inherited rules by id and adding or replacing rules by id. Most specific wins.
 */
record PolicySet(Map<String, AnalysisPolicy> byKey) implements RuleResolver {

    static final PolicySet EMPTY = new PolicySet(Map.of());

    PolicySet {
        byKey = Map.copyOf(byKey);
    }

    AnalysisPolicy find(String application, String environment) {
        return byKey.get(AnalysisPolicy.key(application, environment));
    }

    @Override
    public EffectiveRules resolve(List<Rule> global, String application, String environment) {
        AnalysisPolicy app = find(application, null);
        AnalysisPolicy env = environment == null ? null : find(application, environment);
        if (app == null && env == null) {
            return EffectiveRules.global(global);
        }
        return merge(global, app, env);
    }

    /** The pure merge; either policy may be null. */
    static EffectiveRules merge(List<Rule> global, AnalysisPolicy app, AnalysisPolicy env) {
        Map<String, Rule> rules = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        global.forEach(r -> {
            rules.put(r.id(), r);
            origins.put(r.id(), EffectiveRules.GLOBAL);
        });
        for (AnalysisPolicy layer : new AnalysisPolicy[] {app, env}) {
            if (layer == null) {
                continue;
            }
            for (String id : layer.disabled()) {
                Rule inherited = rules.get(id);
                if (inherited != null) {
                    rules.put(id, inherited.disabled());
                    origins.put(id, layer.name());
                }
            }
            for (Rule r : layer.rules()) {
                rules.put(r.id(), r);
                origins.put(r.id(), layer.name());
            }
        }
        return new EffectiveRules(new ArrayList<>(rules.values()), origins);
    }

    /** The gate of the most specific policy that sets one, and that policy's name; else the defaults. */
    Gate gateFor(String application, String environment, GateSettings defaults) {
        AnalysisPolicy env = environment == null ? null : find(application, environment);
        if (env != null && env.gate() != null) {
            return new Gate(env.gate(), env.name());
        }
        AnalysisPolicy app = find(application, null);
        if (app != null && app.gate() != null) {
            return new Gate(app.gate(), app.name());
        }
        return new Gate(defaults, "default");
    }

    record Gate(GateSettings settings, String source) {
    }

    /** The Prometheus templates of the most specific policy that has some, wholesale like the gate; null when none has. */
    Templates prometheusFor(String application, String environment) {
        AnalysisPolicy env = environment == null ? null : find(application, environment);
        if (env != null && env.prometheus() != null) {
            return new Templates(env.prometheus(), env.name());
        }
        AnalysisPolicy app = find(application, null);
        return app != null && app.prometheus() != null ? new Templates(app.prometheus(), app.name()) : null;
    }

    record Templates(PrometheusQueries queries, String source) {
    }
}
