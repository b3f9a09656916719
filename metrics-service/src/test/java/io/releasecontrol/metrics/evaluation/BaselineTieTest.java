package io.releasecontrol.metrics.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.events.metric.MetricSampleRecorded;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A target whose metrics begin to flow for both versions in the same second, the canary's sample
 * first (a target watched from the middle of a canary): the version carrying most of the traffic is
 * the baseline, so an incident shared by both is an alert for the canary, not a rollback.
 */
class BaselineTieTest {

    @Test
    void versionsFirstSeenTogetherAreToldApartByTrafficAndASharedIncidentOnlyAlerts() {
        Evaluator evaluator = new Evaluator(EvaluationSettings.DEFAULT, SeedRules.all());
        Random random = new Random(13);
        Instant t0 = Instant.parse("2026-03-01T10:00:00Z");
        List<String> canary = new ArrayList<>();
        for (int sec = 0; sec < 70; sec++) {
            double rate = sec < 30 ? 0.01 : 0.12; // both versions: 1 %, then 12 % from second 30
            Instant t = t0.plusSeconds(sec);
            canary.addAll(feed(evaluator, random, "1.1.0", "canary-1", t, 100, rate));
            for (int i = 0; i < 4; i++) {
                feed(evaluator, random, "1.0.0", "stable-" + i, t, 475, rate);
            }
        }
        assertThat(canary).containsExactly("BREACHED error-rate-5pct alert");
        var health = evaluator.health("shop", "prod").orElseThrow().versions().stream()
                .filter(v -> v.version().equals("1.1.0")).findFirst().orElseThrow();
        assertThat(health.rules()).filteredOn(r -> r.rule().equals("error-rate-5pct")).extracting(r -> r.baseline())
                .containsExactly("1.0.0");
    }

    private static List<String> feed(Evaluator evaluator, Random random, String version, String instance, Instant t,
            long requests, double rate) {
        long errors = 0;
        for (int i = 0; i < requests; i++) {
            errors += random.nextDouble() < rate ? 1 : 0;
        }
        var sample = new MetricSampleRecorded("shop", "prod", version, instance, t, requests, errors, errors, 200.0,
                0.3, 0.5, requests / 4);
        List<String> out = new ArrayList<>();
        for (RuleTransition tr : evaluator.accept(sample).transitions()) {
            if (tr.version().equals(version) && version.equals("1.1.0")) {
                out.add(tr.kind() + " " + tr.rule().id() + " " + tr.action().wire());
            }
        }
        return out;
    }
}
