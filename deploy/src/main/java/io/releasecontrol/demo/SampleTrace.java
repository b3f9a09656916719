package io.releasecontrol.demo;

import io.releasecontrol.events.metric.MetricSampleRecorded;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A target's metric samples as its instances would report them every 5 s: the stable version on two
 * instances with ~950 requests each, optionally a canary version on one with ~100 (so ~5 % of the
 * requests), error rates and latencies with deterministic noise. Sample times start three minutes
 * back and move 5 s per tick, so the rules' windows (which run on sample time) see a minute of
 * history after 12 ticks however fast the ticks are sent.
 */
public final class SampleTrace {

    private static final int[] NOISE = {0, 3, -2, 5, -4, 1, -5, 2, 4, -1, -3};

    private final String application;
    private final String environment;
    private final String stable;
    private Instant clock = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(3));
    private int ticks;

    public SampleTrace(String application, String environment, String stable) {
        this.application = application;
        this.environment = environment;
        this.stable = stable;
    }

    public int ticks() {
        return ticks;
    }

    public Instant clock() {
        return clock;
    }

    /** The next 5 s: the stable instances at {@code stableErrorRate} (± 0.2 %), no canary. */
    public List<Map<String, Object>> stableOnly(double stableErrorRate) {
        List<Map<String, Object>> batch = stable(stableErrorRate);
        advance();
        return batch;
    }

    /**
     * The next 5 s with a canary of {@code canary} at {@code canaryErrorRate} (a healthy one is
     * about 0.5 % like the stable version); the first tick has no canary sample, so the stable
     * version is the baseline it is judged against.
     */
    public List<Map<String, Object>> withCanary(String canary, double canaryErrorRate) {
        List<Map<String, Object>> batch = stable(0.005);
        int n = ticks;
        if (n > 0) {
            int requests = 100 + noise(n, 5);
            int errors = (int) Math.round(requests * (canaryErrorRate + noise(n + 7, 1) / 1000.0));
            batch.add(sample(canary, "canary-1", requests, Math.max(0, errors), 0, 175 + noise(n + 2, 25),
                    0.33 + noise(n, 5) / 100.0));
        }
        advance();
        return batch;
    }

    private List<Map<String, Object>> stable(double errorRate) {
        List<Map<String, Object>> batch = new ArrayList<>();
        int n = ticks;
        for (int i = 0; i < 2; i++) {
            int requests = 950 + noise(n + 3 * i, 30);
            double rate = errorRate + noise(n + 5 * i, 2) / 1000.0;
            batch.add(sample(stable, "stable-" + (i + 1), requests, (int) Math.round(requests * Math.max(0, rate)),
                    (n + i) % 6 == 0 ? 1 : 0, 180 + noise(n + i, 25), 0.35 + noise(n + i, 5) / 100.0));
        }
        return batch;
    }

    private void advance() {
        clock = clock.plusSeconds(5);
        ticks++;
    }

    private Map<String, Object> sample(String version, String instance, long requests, long errors, long http5xx,
            double latencyMs, double cpu) {
        return json(new MetricSampleRecorded(application, environment, version, instance, clock, requests, errors, http5xx,
                latencyMs, cpu, 0.55, requests / 3));
    }

    /** A sample as POST /api/v1/metrics/samples takes it: the event's fields, times in ISO-8601. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> json(MetricSampleRecorded sample) {
        return GatewayClient.JSON.convertValue(sample, Map.class);
    }

    /** Deterministic noise in -amplitude..amplitude, different for neighbouring n. */
    static int noise(int n, int amplitude) {
        return NOISE[Math.floorMod(n, NOISE.length)] * amplitude / 5;
    }
}
