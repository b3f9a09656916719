package io.releasecontrol.metrics.prometheus;

import io.releasecontrol.metrics.evaluation.Rule;
import io.releasecontrol.metrics.ingest.SampleRequest;
import io.releasecontrol.runtime.problem.ProblemException.FieldError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An analysis policy's {@code prometheus} section: one {@link QueryTemplate} per sample field it
 * fills ({@link PrometheusSource#FIELDS}, or {@code custom.<name>} for a custom counter). Either
 * every query splits its result by the same instance label or none does, so a sample's requests
 * and errors always come from the same instance.
 *
 * @param templates     by sample field, in field order
 * @param instanceLabel the label every query splits by; null: each query's series summed into one sample
 */
public record PrometheusQueries(Map<String, QueryTemplate> templates, String instanceLabel) {

    public static final String CUSTOM = "custom.";

    public PrometheusQueries {
        templates = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(templates));
    }

    /**
     * Checks every field and template of a section, naming each bad one {@code <prefix>.<field>}.
     *
     * @return the section, or null when anything was wrong (added to {@code errors})
     */
    public static PrometheusQueries parse(Map<String, String> raw, String prefix, List<FieldError> errors) {
        int before = errors.size();
        if (raw.isEmpty()) {
            errors.add(new FieldError(prefix, "names no query; leave it out for none"));
            return null;
        }
        Map<String, QueryTemplate> templates = new TreeMap<>();
        int custom = 0;
        for (Map.Entry<String, String> e : raw.entrySet()) {
            String field = e.getKey();
            String name = prefix + "." + field;
            if (!isField(field)) {
                errors.add(new FieldError(name, "is not a sample field (known: " + PrometheusSource.FIELDS.stream()
                        .sorted().toList() + " and custom.<name>, name matching " + Rule.Ratio.NAME + ")"));
                continue;
            }
            if (field.startsWith(CUSTOM) && ++custom == SampleRequest.MAX_CUSTOM + 1) {
                errors.add(new FieldError(prefix, "at most " + SampleRequest.MAX_CUSTOM
                        + " custom counters, as a sample carries"));
            }
            try {
                templates.put(field, QueryTemplate.parse(e.getValue()));
            } catch (IllegalArgumentException invalid) {
                errors.add(new FieldError(name, invalid.getMessage()));
            }
        }
        if (templates.containsKey("errors") && !raw.containsKey("requests")) {
            errors.add(new FieldError(prefix + ".errors", "needs a requests query too: an error count means"
                    + " nothing without its requests"));
        }
        long labels = templates.values().stream().map(QueryTemplate::instanceLabel).distinct().count();
        if (labels > 1) {
            Map<String, String> by = new TreeMap<>();
            templates.forEach((f, t) -> by.put(f, Objects.requireNonNullElse(t.instanceLabel(), "(none)")));
            errors.add(new FieldError(prefix, "every query must split by the same {instance} label, or none may;"
                    + " they split by " + by));
        }
        if (errors.size() > before) {
            return null;
        }
        return new PrometheusQueries(templates, templates.values().iterator().next().instanceLabel());
    }

    /** The section as written: field to template text. */
    public Map<String, String> texts() {
        Map<String, String> out = new LinkedHashMap<>();
        templates.forEach((f, t) -> out.put(f, t.text()));
        return out;
    }

    /** Whether any of the templates holds {@code {placeholder}}. */
    public boolean uses(String placeholder) {
        return templates.values().stream().anyMatch(t -> t.uses(placeholder));
    }

    static boolean isField(String field) {
        return field != null && (PrometheusSource.FIELDS.contains(field)
                || (field.startsWith(CUSTOM) && field.substring(CUSTOM.length()).matches(Rule.Ratio.NAME)));
    }
}
