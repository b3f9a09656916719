package io.releasecontrol.metrics.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.events.metric.MetricSampleRecorded;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A replacement (rolling or blue-green) that begins after its predecessor's last sample is compared
 * with the version it replaced from its first second: the predecessor never ran beside it, so no
 * slot is spent waiting for a baseline that will not report again.
 */
class ReplacementHandoverTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void aWorseReplacementIsComparedWithItsPredecessorFromItsFirstSlot() {
        Evaluator evaluator = new Evaluator(EvaluationSettings.DEFAULT, SeedRules.all());
        Random random = new Random(7);
        Instant opened = null;
        for (int sec = 0; sec < 120 && opened == null; sec++) {
            boolean replaced = sec >= 60;
            for (int i = 0; i < 4; i++) {
                // 1,000 requests/s on four instances: 1 % errors before the replacement, 3 % after
                var sample = sample(random, replaced ? "1.1.0" : "1.0.0", "i" + i,
                        T0.plusSeconds(sec).plusMillis(37L * i + 11), 250, replaced ? 0.03 : 0.01);
                for (RuleTransition t : evaluator.accept(sample).transitions()) {
                    if (t.rule().id().equals("error-rate-5pct") && t.version().equals("1.1.0")) {
                        assertThat(t.action()).isEqualTo(Rule.Action.ROLLBACK);
                        assertThat(t.evidence().statistic()).startsWith("sequential-vs-previous");
                        opened = t.at();
                    }
                }
            }
        }
        assertThat(opened).as("breach of the replacement").isNotNull();
        // the test needs about four one-second slots at this traffic (docs/metrics.md); before, the
        // predecessor counted as "beside" it for three more seconds of unpaired slots
        assertThat(Duration.between(T0.plusSeconds(60), opened)).isLessThan(Duration.ofMillis(4500));
    }

    private static MetricSampleRecorded sample(Random random, String version, String instance, Instant t,
            long requests, double rate) {
        long errors = 0;
        for (int i = 0; i < requests; i++) {
            errors += random.nextDouble() < rate ? 1 : 0;
        }
        return new MetricSampleRecorded("shop", "prod", version, instance, t, requests, errors, errors, 200.0, 0.3, 0.5,
                requests / 4);
    }
}
