package io.releasecontrol.metrics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.runtime.testsupport.ServiceValidator;
import jakarta.validation.Validator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hibernate.validator.HibernateValidatorFactory;
import org.junit.jupiter.api.Test;

/** The plain check that accepts a valid sample says what SampleRequest's constraints say, value for value. */
class SampleChecksTest {

    private static final Duration SKEW = Duration.ofMinutes(1);
    private static final SampleChecks CHECKS = new SampleChecks(ServiceValidator.get(), SKEW);
    private static final Validator CONSTRAINTS = ServiceValidator.get().unwrap(HibernateValidatorFactory.class)
            .usingContext().temporalValidationTolerance(SKEW).getValidator();

    /** Per field of SampleRequest, in order: a valid value first, then values on and past each rule's edges. */
    private static final List<List<Object>> VALUES = List.of(
            values("shop", "ab", "a".repeat(63), "a", "", "  ", null, "Shop", "-shop", "sh_op", "a".repeat(64), "shop:eu"),
            values("prod", "p", "p".repeat(63), "", " ", null, "Prod", "-p", "p".repeat(64), "p:q"),
            values("1.0.0", "v", "x".repeat(128), "\uD83D\uDE00".repeat(128), "", " ", "\u2003", null, "1 0", "1\t0", "1:0",
                    "x".repeat(129)),
            values("i-1", "10.0.0.7_8080", "", "\u00A0", null, "host:8080", "i\n1"),
            values(Instant.parse("2026-03-01T10:15:30Z"), null, Instant.now().plusSeconds(20),
                    Instant.now().plus(Duration.ofMinutes(5)), Instant.parse("2999-01-01T00:00:00Z")),
            values(400L, 0L, 5L, null, -1L),
            values(3L, 0L, 400L, null, -1L, 401L),
            values(1L, 0L, 400L, null, -1L, 401L),
            values(155.0, 0.0, -0.0, 3_599_999.9, null, -0.1, -Double.MIN_VALUE, 3_600_000.0, Double.NaN,
                    Double.POSITIVE_INFINITY),
            values(0.4, 0.0, 1.0, null, 1.0000001, -0.01, Double.NaN, Double.NEGATIVE_INFINITY),
            values(0.5, 0.0, 1.0, null, Math.nextUp(1.0), -Double.MIN_VALUE, Double.NaN),
            values(90L, 0L, null, -1L),
            values(null, Map.of(), Map.of("checkout_total", 240.0), Map.of("c", 1e15), counters(32), Map.of("c", 0.0),
                    Map.of("Checkout", 1.0), Map.of("c", -1.0), Map.of("c", Math.nextUp(1e15)), Map.of("c", Double.NaN),
                    nullCount(), counters(33)));

    private static List<Object> values(Object... values) {
        return Arrays.asList(values);
    }

    private static Map<String, Double> counters(int n) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            m.put("c" + i, 1.0);
        }
        return m;
    }

    private static Map<String, Double> nullCount() {
        Map<String, Double> m = new HashMap<>();
        m.put("refunds", null);
        return m;
    }

    @SuppressWarnings("unchecked")
    private static SampleRequest sample(List<Object> v) {
        return new SampleRequest((String) v.get(0), (String) v.get(1), (String) v.get(2), (String) v.get(3),
                (Instant) v.get(4), (Long) v.get(5), (Long) v.get(6), (Long) v.get(7), (Double) v.get(8),
                (Double) v.get(9), (Double) v.get(10), (Long) v.get(11), (Map<String, Double>) v.get(12));
    }

    private static void agree(SampleRequest s) {
        assertThat(CHECKS.accepts(s)).as("%s", s).isEqualTo(CONSTRAINTS.validate(s).isEmpty());
    }

    // each value of each field in an otherwise valid sample: every rule's edge on its own
    @Test
    void agreesOnEveryValueOfEveryFieldAlone() {
        int accepted = 0;
        for (int field = 0; field < VALUES.size(); field++) {
            for (Object value : VALUES.get(field)) {
                List<Object> v = new ArrayList<>();
                VALUES.forEach(values -> v.add(values.get(0)));
                v.set(field, value);
                agree(sample(v));
                accepted += CHECKS.accepts(sample(v)) ? 1 : 0;
            }
        }
        assertThat(accepted).as("valid values to accept").isGreaterThan(30);
    }

    // the fields together: counts against requests, a sample measuring nothing
    @Test
    void agreesOnRandomSamples() {
        SplittableRandom random = new SplittableRandom(21);
        int accepted = 0;
        for (int i = 0; i < 50_000; i++) {
            List<Object> v = new ArrayList<>();
            for (List<Object> values : VALUES) {
                // mostly the valid values (first, and a few more), so that whole samples are valid too
                v.add(values.get(random.nextInt(4) > 0 ? 0 : random.nextInt(values.size())));
            }
            SampleRequest s = sample(v);
            agree(s);
            accepted += CHECKS.accepts(s) ? 1 : 0;
        }
        assertThat(accepted).as("valid samples to accept").isGreaterThan(1_000);
    }

    @Test
    void aSampleFromTheTopicIsCheckedLikeAPostedOne() {
        var s = sample(new ArrayList<>(VALUES.stream().map(values -> values.get(0)).toList()));
        var refused = new SampleRequest("Shop", s.environment(), s.version(), s.instance(), s.time(), 2L, 3L, null,
                null, null, null, null, null);

        assertThat(CHECKS.errors(s.toSample())).isEmpty();
        assertThat(CHECKS.errors(refused.toSample())).isEqualTo(CHECKS.errors(refused)).extracting(e -> e.field())
                .containsExactly("application", "errors");
    }
}
