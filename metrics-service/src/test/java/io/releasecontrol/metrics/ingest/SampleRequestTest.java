package io.releasecontrol.metrics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.metrics.ingest.SampleName.Kind;
import io.releasecontrol.runtime.testsupport.ServiceValidator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.json.JsonMapper;

/** A sample as sent -> the errors it is refused with, in order (what SampleValidator used to answer). */
class SampleRequestTest {

    // single quotes keep the table readable
    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();
    private static final SampleChecks CHECKS = new SampleChecks(ServiceValidator.get(), Duration.ofMinutes(1));

    static List<String> errors(SampleChecks checks, String json) {
        return checks.errors(JSON.readValue(json, SampleRequest.class)).stream()
                .map(e -> e.field() + " " + e.message()).toList();
    }

    /** A valid sample of one request with {@code fields} added or replaced. */
    static String sample(String fields) {
        return "{'application': 'shop', 'environment': 'prod', 'version': '1.0.0', 'instance': 'i-1',"
                + " 'time': '2026-03-01T10:15:30Z', 'requests': 1" + (fields.isEmpty() ? "" : ", " + fields) + "}";
    }

    static Stream<Arguments> samples() {
        return Stream.of(
                // the smallest valid sample, and one with every measurement
                Arguments.of(sample(""), List.of()),
                Arguments.of(sample("'errors': 1, 'http5xx': 1, 'latencyP95Ms': 3599999.9, 'cpu': 1, 'memory': 0,"
                        + " 'activeUsers': 0, 'custom': {'checkout_total': 1e15, 'queue_lag': 0}"), List.of()),
                // names: missing or blank is only missing; the patterns as the documentation writes them
                Arguments.of("{}", List.of("application is required", "environment is required", "version is required",
                        "instance is required", "time is required", "requests a sample needs at least one measurement")),
                Arguments.of(sample("'application': 'Shop:EU', 'environment': '   ', 'version': '1 0', 'instance': 'host:80'"),
                        List.of("application must match ^[a-z0-9][a-z0-9-]{1,62}$", "environment is required",
                                "version must match ^[^\\s:]{1,128}$", "instance must match ^[^\\s:]{1,128}$")),
                Arguments.of(sample("'application': 's', 'environment': 'Prod EU', 'version': '\u2003'"), List.of(
                        "application must match ^[a-z0-9][a-z0-9-]{1,62}$", "environment must match ^[a-z0-9][a-z0-9-]{0,62}$",
                        "version is required")),
                // a clock ahead by more than the allowed skew
                Arguments.of(sample("'time': '2999-01-01T00:00:00Z'"), List.of("time is more than PT1M in the future")),
                // counters, and what the fields say together
                Arguments.of(sample("'requests': -1, 'errors': -1, 'http5xx': -1, 'activeUsers': -1"), List.of(
                        "requests must not be negative", "errors must not be negative", "http5xx must not be negative",
                        "activeUsers must not be negative")),
                Arguments.of(sample("'requests': null, 'errors': 3"), List.of("requests is required when errors is given")),
                Arguments.of(sample("'requests': 2, 'errors': 3, 'http5xx': 4"), List.of("errors must not exceed requests",
                        "http5xx must not exceed requests")),
                // one failure per value: a negative count is not also more than negative requests
                Arguments.of(sample("'requests': -5, 'errors': -1"), List.of("requests must not be negative",
                        "errors must not be negative")),
                // an empty custom is no measurement (the event drops it)
                Arguments.of(sample("'requests': null, 'custom': {}"), List.of("requests a sample needs at least one measurement")),
                // ranges: latency below an hour, ratios 0..1
                Arguments.of(sample("'latencyP95Ms': 3600000, 'cpu': 1.5, 'memory': -0.01"), List.of(
                        "latencyP95Ms must be between 0 and 3600000", "cpu must be a ratio between 0 and 1",
                        "memory must be a ratio between 0 and 1")),
                // custom counters: entries as sent, each bad name and bad value named
                Arguments.of(sample("'custom': {'checkout_total': 240, 'Checkout Failed': 3, 'refunds': null,"
                        + " 'queue_lag': -1, 'orders': 2e15}"), List.of(
                        "custom.Checkout Failed counter names must match ^[a-z][a-z0-9_]{0,62}$",
                        "custom.refunds must be a count between 0 and 1e15", "custom.queue_lag must be a count between 0 and 1e15",
                        "custom.orders must be a count between 0 and 1e15")),
                Arguments.of(sample("'custom': {" + IntStream.rangeClosed(0, SampleRequest.MAX_CUSTOM)
                        .mapToObj(i -> "'c" + i + "': 1").collect(Collectors.joining(", ")) + "}"),
                        List.of("custom at most 32 counters per sample")),
                // the documentation's example, and everything wrong at once: the order of the fields
                Arguments.of("{'application': 'Shop:EU', 'environment': 'production', 'version': '2.4.0', 'instance': 'shop-2',"
                        + " 'time': '2026-03-01T10:15:30Z', 'requests': 10, 'errors': 20, 'cpu': 1.5}", List.of(
                        "application must match ^[a-z0-9][a-z0-9-]{1,62}$", "errors must not exceed requests",
                        "cpu must be a ratio between 0 and 1")),
                Arguments.of("{'application': 'shop', 'environment': 'prod', 'version': '1', 'instance': 'i',"
                        + " 'time': '2026-03-01T10:15:30Z', 'requests': 1, 'errors': 5, 'cpu': 7, 'activeUsers': -1,"
                        + " 'custom': {'c': -1}}", List.of("errors must not exceed requests", "cpu must be a ratio between 0 and 1",
                        "activeUsers must not be negative", "custom.c must be a count between 0 and 1e15")));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void aSampleAnswersEveryErrorInTheOrderOfItsFields(String body, List<String> expected) {
        assertThat(errors(CHECKS, body)).containsExactlyElementsOf(expected);
    }

    @Test
    void theClockSkewAllowedIsTheOneGiven() {
        var tenMinutes = new SampleChecks(ServiceValidator.get(), Duration.ofMinutes(10));
        String inFiveMinutes = sample("'time': '" + Instant.now().plus(Duration.ofMinutes(5)) + "'");
        String inElevenMinutes = sample("'time': '" + Instant.now().plus(Duration.ofMinutes(11)) + "'");

        assertThat(errors(tenMinutes, inFiveMinutes)).isEmpty();
        assertThat(errors(CHECKS, inFiveMinutes)).containsExactly("time is more than PT1M in the future");
        assertThat(errors(tenMinutes, inElevenMinutes)).containsExactly("time is more than PT10M in the future");
    }

    // the patterns the messages show
    private static final Pattern APPLICATION = Pattern.compile(Kind.APPLICATION.regexp());
    private static final Pattern ENVIRONMENT = Pattern.compile(Kind.ENVIRONMENT.regexp());
    private static final Pattern TOKEN = Pattern.compile(Kind.TOKEN.regexp());
    private static final String[] PIECES = {"a", "z", "0", "9", "-", "A", ":", " ", "\t", "\n", "\u000B", "\f", "\r",
            ".", "_", "é", "\u00A0", "\uD83D\uDE00", "shop", "1.2.3"};

    // the names are checked char by char: they accept exactly what their patterns accept
    @Test
    void namesAreCheckedExactlyAsTheirPatternsSayOnRandomStrings() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            StringBuilder b = new StringBuilder();
            int pieces = random.nextInt(i % 50 == 0 ? 140 : 12);
            for (int p = 0; p < pieces; p++) {
                b.append(PIECES[random.nextInt(PIECES.length)]);
            }
            String s = b.toString();
            assertThat(Kind.APPLICATION.matches(s)).as("application '%s'", s).isEqualTo(APPLICATION.matcher(s).matches());
            assertThat(Kind.ENVIRONMENT.matches(s)).as("environment '%s'", s).isEqualTo(ENVIRONMENT.matcher(s).matches());
            assertThat(Kind.TOKEN.matches(s)).as("token '%s'", s).isEqualTo(TOKEN.matcher(s).matches());
        }
    }

    @Test
    void nameLengthLimits() {
        assertThat(Kind.APPLICATION.matches("a".repeat(63))).isTrue();
        assertThat(Kind.APPLICATION.matches("a".repeat(64))).isFalse();
        assertThat(Kind.APPLICATION.matches("a")).isFalse();
        assertThat(Kind.ENVIRONMENT.matches("a")).isTrue();
        assertThat(Kind.TOKEN.matches("v".repeat(128))).isTrue();
        assertThat(Kind.TOKEN.matches("v".repeat(129))).isFalse();
        assertThat(Kind.TOKEN.matches("\uD83D\uDE00".repeat(128))).as("128 code points").isTrue();
        assertThat(TOKEN.matcher("\uD83D\uDE00".repeat(128)).matches()).isTrue();
    }
}
