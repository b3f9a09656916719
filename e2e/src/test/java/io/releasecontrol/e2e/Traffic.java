package io.releasecontrol.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A target's traffic as metric samples through the gateway, one second of traffic per tick:
 * {@code perSecond} requests split between 1.0.0 on four instances and 1.1.0 on one by the canary's
 * weight, each version's errors binomial at its rate (seeded, so a run is repeatable). Samples carry
 * their own times, starting minutes back so a trace ticking faster than the clock never runs ahead of it.
 */
final class Traffic {

    /** ticks a trace may take before its samples would run more than 30 s ahead of the clock */
    static final int MAX_TICKS = 300;

    private final Api api;
    final String app;
    final String env;
    final int perSecond;
    final double stableErrors;
    final double canaryErrors;
    private final Random random;
    /** checkouts per request and each version's share of failed checkouts; NaN: no custom counters */
    private double checkoutsPerRequest = Double.NaN;
    private double stableCheckoutFailures;
    private double canaryCheckoutFailures;
    Instant clock = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofSeconds(MAX_TICKS - 30));
    int ticks;

    Traffic(Api api, String app, String env, int perSecond, double stableErrors, double canaryErrors, long seed) {
        this.api = api;
        this.app = app;
        this.env = env;
        this.perSecond = perSecond;
        this.stableErrors = stableErrors;
        this.canaryErrors = canaryErrors;
        this.random = new Random(seed);
    }

    /** The same traffic from here on (clock, tick count) at other error rates. */
    Traffic withErrors(double stable, double canary) {
        Traffic t = new Traffic(api, app, env, perSecond, stable, canary, ticks);
        t.clock = clock;
        t.ticks = ticks;
        t.checkoutsPerRequest = checkoutsPerRequest;
        t.stableCheckoutFailures = stableCheckoutFailures;
        t.canaryCheckoutFailures = canaryCheckoutFailures;
        return t;
    }

    /**
     * Samples also carry the application's own counters {@code checkout_total} (a share of the
     * requests) and {@code checkout_failed} (each version's share of those failing).
     */
    Traffic withCheckouts(double perRequest, double stableFailures, double canaryFailures) {
        Traffic t = withErrors(stableErrors, canaryErrors);
        t.checkoutsPerRequest = perRequest;
        t.stableCheckoutFailures = stableFailures;
        t.canaryCheckoutFailures = canaryFailures;
        return t;
    }

    /** One second of traffic with the canary at {@code canaryPercent}; false once the trace is used up. */
    boolean tick(double canaryPercent) {
        if (ticks >= MAX_TICKS) {
            return false;
        }
        List<Map<String, Object>> batch = new ArrayList<>();
        long canary = Math.round(perSecond * canaryPercent / 100.0);
        long stable = perSecond - canary;
        if (canaryPercent > 0) {
            batch.add(sample("1.1.0", "canary-1", canary, canaryErrors, canaryCheckoutFailures));
        }
        for (int i = 0; i < 4 && stable > 0; i++) {
            batch.add(sample("1.0.0", "stable-" + (i + 1), stable / 4, stableErrors, stableCheckoutFailures));
        }
        JsonNode answer = api.post("/api/v1/metrics/samples", batch);
        assertThat(answer.path("accepted").asInt()).as("samples accepted: " + answer).isEqualTo(batch.size());
        clock = clock.plusSeconds(1);
        ticks++;
        return true;
    }

    /**
     * Ticks in the background every {@code every}, the canary's weight read from the deployment,
     * until the trace is used up or the returned executor is shut down.
     */
    ScheduledExecutorService follow(String deploymentId, Duration every) {
        ScheduledExecutorService feeder = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "e2e-traffic-" + app);
            t.setDaemon(true);
            return t;
        });
        feeder.scheduleWithFixedDelay(() -> {
            try {
                int weight = api.get("/api/v1/deployments/" + deploymentId).path("traffic").path("canary").asInt();
                if (!tick(weight)) {
                    feeder.shutdown();
                }
            } catch (RuntimeException | AssertionError e) {
                System.out.println("e2e: traffic of " + app + " stopped: " + e);
                feeder.shutdown();
            }
        }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return feeder;
    }

    private Map<String, Object> sample(String version, String instance, long requests, double errorRate,
            double checkoutFailures) {
        long errors = binomial(requests, errorRate);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("application", app);
        s.put("environment", env);
        s.put("version", version);
        s.put("instance", instance);
        s.put("time", clock.toString());
        s.put("requests", requests);
        s.put("errors", errors);
        s.put("http5xx", errors);
        s.put("latencyP95Ms", 180 + random.nextInt(40));
        s.put("cpu", 0.3 + random.nextDouble() / 10);
        s.put("memory", 0.55);
        if (!Double.isNaN(checkoutsPerRequest)) {
            long checkouts = Math.round(requests * checkoutsPerRequest);
            s.put("custom", Map.of("checkout_total", checkouts, "checkout_failed", binomial(checkouts, checkoutFailures)));
        }
        return s;
    }

    private long binomial(long n, double p) {
        long k = 0;
        for (long i = 0; i < n; i++) {
            if (random.nextDouble() < p) {
                k++;
            }
        }
        return k;
    }
}
