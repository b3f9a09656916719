package io.releasecontrol.metrics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The char-by-char checks accept exactly what the documented patterns accept. */
class SampleValidatorTest {

    private static final Pattern APPLICATION = Pattern.compile("^[a-z0-9][a-z0-9-]{1,62}$");
    private static final Pattern ENVIRONMENT = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");
    private static final Pattern TOKEN = Pattern.compile("^[^\\s:]{1,128}$");
    private static final String[] PIECES = {"a", "z", "0", "9", "-", "A", ":", " ", "\t", "\n", "\u000B", "\f", "\r",
            ".", "_", "é", "\u00A0", "\uD83D\uDE00", "shop", "1.2.3"};

    @Test
    void checksAgreeWithThePatternsOnRandomStrings() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            StringBuilder b = new StringBuilder();
            int pieces = random.nextInt(i % 50 == 0 ? 140 : 12);
            for (int p = 0; p < pieces; p++) {
                b.append(PIECES[random.nextInt(PIECES.length)]);
            }
            String s = b.toString();
            assertThat(SampleValidator.isName(s, 2)).as("application '%s'", s).isEqualTo(APPLICATION.matcher(s).matches());
            assertThat(SampleValidator.isName(s, 1)).as("environment '%s'", s).isEqualTo(ENVIRONMENT.matcher(s).matches());
            assertThat(SampleValidator.isToken(s)).as("token '%s'", s).isEqualTo(TOKEN.matcher(s).matches());
        }
    }

    @Test
    void lengthLimits() {
        assertThat(SampleValidator.isName("a".repeat(63), 2)).isTrue();
        assertThat(SampleValidator.isName("a".repeat(64), 2)).isFalse();
        assertThat(SampleValidator.isName("a", 2)).isFalse();
        assertThat(SampleValidator.isName("a", 1)).isTrue();
        assertThat(SampleValidator.isToken("v".repeat(128))).isTrue();
        assertThat(SampleValidator.isToken("v".repeat(129))).isFalse();
        assertThat(SampleValidator.isToken("\uD83D\uDE00".repeat(128))).as("128 code points").isTrue();
        assertThat(TOKEN.matcher("\uD83D\uDE00".repeat(128)).matches()).isTrue();
    }

    @Test
    void customCountersAreNamedFiniteCountsAndEveryBadOneIsNamed() {
        var validator = new SampleValidator(java.time.Clock.systemUTC(), java.time.Duration.ofMinutes(1));
        java.util.Map<String, Double> custom = new java.util.LinkedHashMap<>();
        custom.put("checkout_total", 240.0);
        custom.put("Checkout Failed", 3.0);
        custom.put("refunds", null);
        custom.put("queue_lag", -1.0);
        custom.put("orders", Double.POSITIVE_INFINITY);
        var sample = new io.releasecontrol.events.metric.MetricSampleRecorded("shop", "prod", "1.0.0", "i-1",
                java.time.Instant.now(), 100L, 1L, 0L, null, null, null, null, custom);
        assertThat(validator.validate(sample)).extracting(e -> e.field()).containsExactly("custom", "custom.refunds",
                "custom.queue_lag", "custom.orders");
        var many = new java.util.HashMap<String, Double>();
        for (int i = 0; i <= SampleValidator.MAX_CUSTOM; i++) {
            many.put("c" + i, 1.0);
        }
        assertThat(validator.validate(new io.releasecontrol.events.metric.MetricSampleRecorded("shop", "prod", "1.0.0",
                "i-1", java.time.Instant.now(), 100L, 1L, 0L, null, null, null, null, many)))
                .extracting(e -> e.message()).containsExactly("at most 32 counters per sample, got 33");
        // only custom counters: a measurement too
        assertThat(validator.validate(new io.releasecontrol.events.metric.MetricSampleRecorded("shop", "prod", "1.0.0",
                "i-1", java.time.Instant.now(), null, null, null, null, null, null, null,
                java.util.Map.of("checkout_total", 5.0)))).isEmpty();
    }
}
