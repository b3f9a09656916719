package io.releasecontrol.metrics.evaluation;

import io.releasecontrol.events.metric.MetricSampleRecorded;
import io.releasecontrol.metrics.config.MetricsProperties;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * Figures for the capacity model in docs/operations.md ("Capacity"): heap per target with its
 * windows full, and how fast one thread evaluates samples (the rate a partition's state is rebuilt
 * at after a restart, before any storing or publishing). Prints, asserts nothing; not part of verify
 * (the name matches no test pattern). Run:
 * {@code ./mvnw -B -o -pl metrics-service test -Dtest=EvaluatorCapacityProbe -Dsurefire.failIfNoSpecifiedTests=false
 * [-Dprobe.targets=2000 -Dprobe.instances=20]}
 */
class EvaluatorCapacityProbe {

    @Test
    void heapPerTargetAndEvaluationRate() {
        int targets = Integer.getInteger("probe.targets", 2_000);
        int instances = Integer.getInteger("probe.instances", 20);
        MetricsProperties properties = MetricsProperties.defaults();
        // one sample per instance every 5 s over one retention (5 minutes): the windows full
        int steps = (int) (properties.retention().toSeconds() / 5);
        Instant t0 = Instant.now().minus(properties.retention()).truncatedTo(ChronoUnit.SECONDS);

        // warm-up on other targets, so the timed pass is compiled code
        Evaluator warm = new Evaluator(properties.evaluation(), SeedRules.all());
        feed(warm, "warm", Math.min(200, targets), instances, steps, t0);

        long before = usedHeapAfterGc();
        Evaluator evaluator = new Evaluator(properties.evaluation(), SeedRules.all());
        long start = System.nanoTime();
        long samples = feed(evaluator, "t", targets, instances, steps, t0);
        double seconds = (System.nanoTime() - start) / 1e9;
        long after = usedHeapAfterGc();
        System.out.printf("capacity: %d targets x %d instances, %d samples each (one retention at 5 s): %d samples "
                + "evaluated in %.1f s on one thread = %.0f samples/s; heap %.1f MB = %.1f KB per target "
                + "(%d target-versions in the evaluator)%n", targets, instances, steps, samples, seconds,
                samples / seconds, (after - before) / 1e6, (after - before) / 1e3 / targets, evaluator.windows());
    }

    private static long feed(Evaluator evaluator, String prefix, int targets, int instances, int steps, Instant t0) {
        long n = 0;
        for (int step = 0; step < steps; step++) {
            Instant at = t0.plusSeconds(5L * step);
            for (int t = 0; t < targets; t++) {
                for (int i = 0; i < instances; i++) {
                    evaluator.accept(new MetricSampleRecorded(prefix + t, "prod", "1.0.0", "i" + i, at.plusMillis(i),
                            100L, (step + i) % 50 == 0 ? 1L : 0L, 0L, 120.0 + i, 0.3, 0.4, 10L));
                    n++;
                }
            }
        }
        return n;
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
