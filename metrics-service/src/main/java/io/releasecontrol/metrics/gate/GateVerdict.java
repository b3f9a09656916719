package io.releasecontrol.metrics.gate;

import java.time.Instant;
import java.util.List;

/**
 * A step gate's answer for one version: may the deployment step advance, and why.
 *
 * @param verdict       pass (enough evidence, every rule passes), fail (a rule fails) or inconclusive
 * @param reason        the verdict in one sentence, e.g. {@code waiting for evidence: 340 of 1,000 requests at 5.0 %}
 * @param samples       samples of the version since the step began (its reporting intervals)
 * @param minSamples    the policy's minimum ({@code minIntervals})
 * @param clock         the newest sample time of the target (any version): a caller starting a step passes it
 *                      back as {@code since}, so the step's evidence is counted in the samples' own time
 * @param rules         each rule's part in the verdict
 * @param gate          the policy's gate settings the deployment applies (wait, then hold or fail; bake)
 */
public record GateVerdict(String application, String environment, String version, String verdict, String reason,
        Instant since, long requests, long minRequests, long samples, long minSamples, Double trafficPercent,
        String baseline, Instant lastSampleAt, Instant clock, List<RuleVerdict> rules, GateSettings.View gate) {

    public static final String PASS = "pass";
    public static final String FAIL = "fail";
    public static final String INCONCLUSIVE = "inconclusive";

    /** One rule's verdict: pass, fail, inconclusive or unmeasured (the version reports no such metric). */
    public record RuleVerdict(String rule, String verdict, String why) {
    }
}
