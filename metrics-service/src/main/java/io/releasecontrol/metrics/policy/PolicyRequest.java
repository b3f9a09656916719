package io.releasecontrol.metrics.policy;

import io.releasecontrol.metrics.gate.GateSettings;
import io.releasecontrol.metrics.rules.RuleView;
import io.releasecontrol.runtime.validation.Between;
import io.releasecontrol.runtime.validation.IsoDuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The body of {@code PUT /api/v1/applications/{app}/analysis}. A rule entry with only {@code id} and
 * {@code enabled: false} disables the inherited rule of that id; any other entry is a whole rule
 * that adds to or replaces (wholesale) the inherited rule of its id. Gate durations are read as text
 * so a bad one is named field by field, like every other mistake. {@code prometheus}: sample field
 * to PromQL template (docs/metrics.md, "Prometheus pull"). The gate's constraints are its bounds in
 * {@link GateSettings}; rules and templates are checked as they are read ({@link PolicyValidator}).
 */
record PolicyRequest(List<RuleView> rules, @Valid GateRequest gate, Map<String, String> prometheus) {

    PolicyRequest(List<RuleView> rules, GateRequest gate) {
        this(rules, gate, null);
    }

    /** Components in the order their errors were always listed: bake before onTimeout. */
    record GateRequest(
            @Between(min = 0, max = GateSettings.MAX_REQUESTS, message = BETWEEN) Long minRequests,
            @Between(min = 0, max = GateSettings.MAX_INTERVALS, message = BETWEEN) Integer minIntervals,
            @IsoDuration(max = GateSettings.MAX_WAIT_ISO, message = DURATION, outOfRange = DURATION) String maxWait,
            @IsoDuration(max = GateSettings.MAX_WAIT_ISO, message = DURATION, outOfRange = DURATION) String bake,
            @Pattern(regexp = "hold|fail", flags = Pattern.Flag.CASE_INSENSITIVE, message = "must be hold or fail")
            String onTimeout) {

        private static final String BETWEEN = "must be between {min} and {max}";
        // one message for a text that is no duration and one out of range, as it always was
        private static final String DURATION = "must be an ISO-8601 duration between PT0S and {max}";

        /** The gate of a valid request, what it leaves out from {@code defaults}. */
        GateSettings settings(GateSettings defaults) {
            return new GateSettings(minRequests == null ? defaults.minRequests() : minRequests,
                    minIntervals == null ? defaults.minIntervals() : minIntervals,
                    maxWait == null ? defaults.maxWait() : Duration.parse(maxWait),
                    onTimeout == null ? defaults.onTimeout()
                            : GateSettings.OnTimeout.valueOf(onTimeout.toUpperCase(Locale.ROOT)),
                    bake == null ? defaults.bake() : Duration.parse(bake));
        }
    }

    /** Whether the entry only switches an inherited rule off. */
    static boolean disablesOnly(RuleView r) {
        return Boolean.FALSE.equals(r.enabled()) && r.metric() == null && r.threshold() == null
                && r.severity() == null && r.action() == null && r.comparator() == null && r.window() == null;
    }
}
