package io.releasecontrol.metrics.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kayenta's own judge test cases (src/test/resources/kayenta, see the NOTICE there) through our
 * judge, mapped as the file's "mapping" section says: higher-is-worse cases as the compare view
 * judges them (our verdict's wire name must be in "accept"), lower-is-worse ones as a replay of a
 * canary-judged rule sees them (fail, or no-fail for any other verdict). Every mappable case must
 * agree with Kayenta except those in {@link #DIFFERS_BY_DESIGN}, which must still differ.
 */
class KayentaJudgeCasesTest {

    private static final String RESOURCE = "/kayenta/kayenta-judge-cases.json";

    /** case name -> why our answer differs from Kayenta's on purpose */
    static final Map<String, String> DIFFERS_BY_DESIGN = Map.of(
            "cles-low:lower",
            "significant, but the canary is only 15 % worse (ratio of means 1.15): our fail needs 1.5"
                    + " (canary-fail-ratio); Kayenta's test case only asks a CLES effect size",
            "integration-cpu-failed",
            "significant, but the ratio of means is 1.45, under our fail ratio 1.5: we say marginal, which"
                    + " does not fail a canary; Kayenta has no magnitude gate by default");

    private static final JsonNode FILE = load();

    private final CanaryJudge judge = new CanaryJudge(CanaryPolicy.DEFAULT);

    static Stream<Arguments> mappableCases() {
        List<Arguments> rows = new ArrayList<>();
        for (JsonNode c : FILE.path("cases")) {
            if (c.path("mappable").asBoolean()) {
                rows.add(Arguments.of(c.path("name").asString(), c));
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mappableCases")
    void agreesWithKayentaUnlessListedAsDifferentByDesign(String name, JsonNode c) {
        boolean higherIsWorse = switch (c.path("check").asString()) {
            case "higher-is-worse" -> true;
            case "lower-is-worse" -> false;
            default -> throw new IllegalArgumentException(name + ": unknown check " + c.path("check"));
        };
        double scale = c.path("scale").asDouble();
        Judgement j = judge.judge(Metric.LATENCY_P95_MS, higherIsWorse, values(c.path("experiment"), scale),
                values(c.path("control"), scale));
        String ours = higherIsWorse ? j.verdict().wire() : j.verdict() == Verdict.FAIL ? "fail" : "no-fail";
        Set<String> accept = new LinkedHashSet<>();
        c.path("accept").forEach(a -> accept.add(a.asString()));
        assertThat(accept).as(name + ": empty accept list").isNotEmpty();

        String what = name + ": Kayenta " + c.path("kayenta_in_checked_direction").asString() + " (accept " + accept
                + "), ours " + ours + " — " + j.describe("control");
        if (DIFFERS_BY_DESIGN.containsKey(name)) {
            assertThat(accept).as("listed as differing by design but agrees now, remove it from the list: " + what)
                    .doesNotContain(ours);
        } else {
            assertThat(accept).as(what).contains(ours);
        }
    }

    @Test
    void everyDifferenceByDesignNamesAMappableCase() {
        Set<String> mappable = new LinkedHashSet<>();
        mappableCases().forEach(a -> mappable.add((String) a.get()[0]));
        assertThat(mappable).hasSize(53).containsAll(DIFFERS_BY_DESIGN.keySet());
    }

    private static double[] values(JsonNode series, double scale) {
        assertThat(series.isArray()).as("series " + series).isTrue();
        double[] out = new double[series.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = series.get(i).asDouble() * scale;
        }
        return out;
    }

    private static JsonNode load() {
        try (InputStream in = KayentaJudgeCasesTest.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the test classpath");
            }
            return JsonMapper.builder().build().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
