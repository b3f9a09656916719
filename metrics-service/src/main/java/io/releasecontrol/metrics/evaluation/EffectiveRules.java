package io.releasecontrol.metrics.evaluation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules that evaluate one target (the global rules merged with the application's and the
 * environment's analysis policy), and for each rule id the policy it came from, as evidence names it.
 *
 * @param origins rule id -> {@code global}, {@code application shop} or {@code application shop, environment production}
 */
public record EffectiveRules(List<Rule> rules, Map<String, String> origins) {

    public static final String GLOBAL = "global";

    public EffectiveRules {
        rules = List.copyOf(rules);
        origins = Map.copyOf(origins);
    }

    /** The global rules alone. */
    public static EffectiveRules global(List<Rule> rules) {
        Map<String, String> origins = new LinkedHashMap<>();
        rules.forEach(r -> origins.put(r.id(), GLOBAL));
        return new EffectiveRules(rules, origins);
    }

    public String originOf(String ruleId) {
        return origins.getOrDefault(ruleId, GLOBAL);
    }
}
