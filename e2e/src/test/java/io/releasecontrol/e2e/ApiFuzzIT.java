package io.releasecontrol.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Every operation of the gateway's merged OpenAPI document, fuzzed through the gateway of the shared
 * stack ({@link ApiFuzz}): no 5xx, no 4xx without a problem body, no hang. A small seeded run here;
 * a larger one with {@code -Drc.fuzz.requests=5000 -Drc.fuzz.seed=N}, against a stack of
 * {@code bin/rc up} with {@code -Drc.fuzz.gateway=http://127.0.0.1:8080 -Drc.fuzz.key=<admin key>}
 * (docs/operations.md).
 */
class ApiFuzzIT {

    @Test
    void noInputGetsA5xxAnEmptyRefusalOrNoAnswer() throws Exception {
        String gateway = System.getProperty("rc.fuzz.gateway");
        String key = System.getProperty("rc.fuzz.key");
        if (gateway == null) {
            LocalStack stack = LocalStack.shared();
            gateway = stack.gatewayUrl();
            key = stack.adminKey();
        }
        int requests = Integer.getInteger("rc.fuzz.requests", 400);
        long seed = Long.getLong("rc.fuzz.seed", 20261206L);
        // a key of its own: the fuzzer's requests count against its own rate-limit bucket, not the
        // one the other stories share
        String fuzzKey = new Api(gateway, key).post("/api/v1/admin/api-keys", java.util.Map.of("name",
                "fuzz-" + seed + "-" + System.nanoTime() % 100_000, "role", "admin")).get("key").asText();
        ApiFuzz fuzz = new ApiFuzz(gateway, fuzzKey, seed, Duration.ofSeconds(20),
                Integer.getInteger("rc.fuzz.per-second", 40));
        assertThat(fuzz.operations()).as("operations in the merged document").isGreaterThan(50);
        ApiFuzz.Report report = fuzz.run(requests);
        System.out.println("e2e: api fuzz (seed " + seed + "): " + report.figures());
        report.findings().forEach(f -> System.out.println("e2e: api fuzz finding: " + f));
        assertThat(report.findings()).as("5xx, 4xx without a problem body, or no answer").isEmpty();
    }
}
