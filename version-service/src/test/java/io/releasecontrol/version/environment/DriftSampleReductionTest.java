package io.releasecontrol.version.environment;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.RcEvent;
import io.releasecontrol.events.metric.MetricSampleRecorded;
import io.releasecontrol.version.environment.MetricSampleListener.Taken;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which of a batch's samples drift detection still has to look at, and which it may skip. */
class DriftSampleReductionTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    /** "1.0.0@5" = a sample of version 1.0.0 at T0 + 5 s, of target shop:staging. */
    private static Taken sample(String spec) {
        String[] p = spec.split("@");
        MetricSampleRecorded s = new MetricSampleRecorded("shop", "staging", p[0], "pod-1",
                T0.plusSeconds(Long.parseLong(p[1])), 100L, 1L, 0L, 120.0, 0.3, 0.4, 50L);
        return new Taken(EventEnvelope.of("test", (RcEvent) s), s);
    }

    static Stream<Arguments> runs() {
        return Stream.of(
                Arguments.of("one version: its newest sample only", List.of("1.0.0@1", "1.0.0@2", "1.0.0@3"),
                        List.of("1.0.0@3")),
                Arguments.of("a change of version: the newest of each run", List.of("1.0.0@1", "1.0.0@2", "1.1.0@3",
                        "1.1.0@4"), List.of("1.0.0@2", "1.1.0@4")),
                Arguments.of("back and forth: every run counts, in order", List.of("1.0.0@1", "1.1.0@2", "1.0.0@3"),
                        List.of("1.0.0@1", "1.1.0@2", "1.0.0@3")),
                Arguments.of("out of order in a run: the newest by time", List.of("1.0.0@5", "1.0.0@2"),
                        List.of("1.0.0@5")),
                Arguments.of("a single sample", List.of("2.0.0@9"), List.of("2.0.0@9")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void ofEachRunOfOneVersionOnlyTheNewestSampleIsLookedAt(String what, List<String> batch, List<String> looked) {
        List<Taken> in = batch.stream().map(DriftSampleReductionTest::sample).toList();
        assertThat(MetricSampleListener.newestOfEachRun(in)).extracting(t -> t.sample().version() + "@"
                + Duration.between(T0, t.sample().time()).toSeconds()).containsExactlyElementsOf(looked);
    }

    @Test
    void samplesAreGroupedByTargetKeepingTheirOrder() {
        List<Taken> in = new ArrayList<>();
        for (String app : List.of("a", "b", "a")) {
            MetricSampleRecorded s = new MetricSampleRecorded(app, "staging", "1.0.0", "pod-1", T0, 1L, 0L, 0L, 1.0, 0.1,
                    0.1, 1L);
            in.add(new Taken(EventEnvelope.of("test", (RcEvent) s), s));
        }
        assertThat(MetricSampleListener.byTarget(in)).containsOnlyKeys("a:staging", "b:staging");
        assertThat(MetricSampleListener.byTarget(in).get("a:staging")).containsExactly(in.get(0), in.get(2));
    }

    @Test
    void aSampleIsSkippedOnlyWhileWhatItWouldChangeIsFreshlyKnown() {
        AtomicLong now = new AtomicLong();
        ObservedVersions seen = new ObservedVersions(now::get);
        MetricSampleRecorded v1 = sample("1.0.0@1").sample();
        MetricSampleRecorded v2 = sample("1.1.0@2").sample();

        assertThat(seen.unchangedBy(v1)).as("nothing known yet").isFalse();
        seen.remember(v1, new Observations.Seen(true, "1.0.0"));
        assertThat(seen.unchangedBy(v1)).as("the version observed").isTrue();
        assertThat(seen.unchangedBy(v2)).as("another version").isFalse();

        now.addAndGet(ObservedVersions.FRESH.toNanos() + 1);
        assertThat(seen.unchangedBy(v1)).as("the observed version, known too long ago").isFalse();

        seen.remember(v2, Observations.Seen.UNKNOWN);
        assertThat(seen.unchangedBy(v1)).as("an unknown target: any version").isTrue();
        assertThat(seen.unchangedBy(v2)).isTrue();
        now.addAndGet(ObservedVersions.FRESH.toNanos() + 1);
        assertThat(seen.unchangedBy(v2)).as("unknown, but long ago: it may have been registered since").isFalse();
    }
}
