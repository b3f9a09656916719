package io.releasecontrol.metrics.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.events.metric.MetricSampleRecorded;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class VersionWindowTest {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final VersionWindow window = new VersionWindow(Duration.ofSeconds(5), Duration.ofMinutes(1),
            Duration.ofSeconds(10), T0);

    private static MetricSampleRecorded at(int second, long requests, long errors) {
        return at(second, "i", requests, errors);
    }

    private static MetricSampleRecorded at(int second, String instance, long requests, long errors) {
        return new MetricSampleRecorded("shop", "prod", "1.0.0", instance, T0.plusSeconds(second), requests, errors, 0L,
                100.0, 0.5, 0.5, 10L);
    }

    @Test
    void ignoresASampleItsInstanceAlreadyReported() {
        assertThat(window.add(at(10, 100, 1))).isEqualTo(VersionWindow.Admission.ACCEPTED);
        // the same message delivered again
        assertThat(window.add(at(10, 100, 1))).isEqualTo(VersionWindow.Admission.DUPLICATE);
        assertThat(window.value(Metric.ERROR_RATE, Duration.ofMinutes(1), true).samples()).isEqualTo(1);
    }

    @Test
    void dropsSamplesLaterThanTheAllowedLateness() {
        assertThat(window.add(at(30, 100, 1))).isEqualTo(VersionWindow.Admission.ACCEPTED);
        // 5 s behind the newest: within the 10 s lateness
        assertThat(window.add(at(25, "j", 100, 1))).isEqualTo(VersionWindow.Admission.ACCEPTED);
        // 11 s behind: dropped, not misapplied to the current bucket
        assertThat(window.add(at(19, "k", 100, 50))).isEqualTo(VersionWindow.Admission.LATE);
        assertThat(window.value(Metric.ERROR_RATE, Duration.ofMinutes(1), true).value()).isEqualTo(0.01);
    }

    @Test
    void forgetsBucketsThatSlidOutOfTheWindow() {
        window.add(at(0, 100, 50));
        window.add(at(70, 100, 1));
        WindowValue v = window.value(Metric.ERROR_RATE, Duration.ofMinutes(1), true);
        assertThat(v.samples()).isEqualTo(1);
        assertThat(v.value()).isEqualTo(0.01);
    }

    @Test
    void leavesTheWorstSampleOutOfTheRobustValue() {
        window.add(at(0, 100, 1));
        window.add(at(5, 100, 1));
        window.add(at(10, 100, 90));
        WindowValue v = window.value(Metric.ERROR_RATE, Duration.ofMinutes(1), true);
        assertThat(v.value()).isEqualTo(92 / 300.0);
        assertThat(v.valueWithoutWorst()).isEqualTo(0.01);
        assertThat(v.intervals()).containsExactly(0.01, 0.01, 0.9);
    }

    @Test
    void ratesPerMinuteOverTheWholeWindow() {
        for (int s = 0; s < 60; s += 5) {
            window.add(new MetricSampleRecorded("shop", "prod", "1.0.0", "i", T0.plusSeconds(s), 100L, 0L, 2L, null,
                    null, null, null));
        }
        assertThat(window.value(Metric.HTTP_5XX_PER_MINUTE, Duration.ofMinutes(1), true).value()).isEqualTo(24.0);
    }
}
