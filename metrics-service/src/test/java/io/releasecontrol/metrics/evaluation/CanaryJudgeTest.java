package io.releasecontrol.metrics.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CanaryJudgeTest {

    private final CanaryJudge judge = new CanaryJudge(CanaryPolicy.DEFAULT);

    static Stream<Arguments> cases() {
        double[] baseline = {0.010, 0.012, 0.009, 0.011, 0.010, 0.013, 0.008, 0.011, 0.010, 0.012};
        return Stream.of(
                // same distribution: pass
                Arguments.of("same", baseline, new double[] {0.011, 0.009, 0.012, 0.010, 0.010, 0.013, 0.008, 0.011},
                        Verdict.PASS),
                // three times worse in every interval: fail
                Arguments.of("3x worse", baseline, new double[] {0.030, 0.033, 0.029, 0.031, 0.035, 0.028}, Verdict.FAIL),
                // consistently but only ~30 % worse: significant, small effect: marginal
                Arguments.of("30% worse", baseline, new double[] {0.0135, 0.014, 0.0145, 0.013, 0.014, 0.0138, 0.0142},
                        Verdict.MARGINAL),
                // better than the baseline: pass (one-sided test)
                Arguments.of("better", baseline, new double[] {0.001, 0.002, 0.001, 0.0, 0.001, 0.002}, Verdict.PASS),
                // one bad interval among normal ones is an outlier, not a regression
                Arguments.of("one outlier", baseline, new double[] {0.010, 0.011, 0.009, 0.012, 0.010, 0.9},
                        Verdict.PASS),
                // four intervals are fewer than the minimum of five
                Arguments.of("too few", baseline, new double[] {0.5, 0.5, 0.5, 0.5}, Verdict.NODATA));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void judgesCanaryAgainstBaseline(String name, double[] baseline, double[] canary, Verdict expected) {
        Judgement j = judge.judge(Metric.ERROR_RATE, true, canary, baseline);
        assertThat(j.verdict()).as(name + " " + j).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void lowerIsWorseFlipsTheDirection() {
        double[] baseline = {100, 102, 98, 101, 99, 100};
        double[] canary = {40, 42, 38, 41, 39, 40};
        assertThat(judge.judge(Metric.CPU, false, canary, baseline).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(judge.judge(Metric.CPU, true, canary, baseline).verdict()).isEqualTo(Verdict.PASS);
    }

    @org.junit.jupiter.api.Test
    void errorsInAThirdOfTheIntervalsFailAlthoughBothMediansAreZero() {
        double[] baseline = new double[60];
        double[] canary = new double[60];
        java.util.Arrays.fill(baseline, 57, 60, 0.01);
        java.util.Arrays.fill(canary, 40, 60, 0.02);
        Judgement j = judge.judge(Metric.ERROR_RATE, true, canary, baseline);
        assertThat(j.canaryMedian()).isZero();
        assertThat(j.verdict()).as(j.toString()).isEqualTo(Verdict.FAIL);
    }

    @org.junit.jupiter.api.Test
    void aShiftThatIsOnlyJustSignificantOnFiveValuesIsMarginalNotFail() {
        // one-sided p 0.018, ratio 1.6, but the interval of the shift does not clear a quarter of it
        double[] baseline = {100, 120, 140, 160, 180};
        double[] canary = {150, 190, 230, 260, 300};
        Judgement j = judge.judge(Metric.LATENCY_P95_MS, true, canary, baseline);
        assertThat(j.pValue()).isBetween(0.01, 0.025);
        assertThat(j.effectSize()).isGreaterThan(1.5);
        assertThat(j.verdict()).as(j.toString()).isEqualTo(Verdict.MARGINAL);
    }

    @org.junit.jupiter.api.Test
    void hodgesLehmannIsTheMedianOfThePairwiseDifferences() {
        assertThat(CanaryJudge.hodgesLehmann(new double[] {3, 4}, new double[] {1, 2})).isEqualTo(2.0);
        assertThat(CanaryJudge.hodgesLehmann(new double[] {0, 0, 5}, new double[] {0, 1})).isEqualTo(0.0);
    }

    @org.junit.jupiter.api.Test
    void uCountsPairsWhereTheFirstSampleIsGreater() {
        assertThat(CanaryJudge.uOfFirst(new double[] {3, 4}, new double[] {1, 2})).isEqualTo(4.0);
        assertThat(CanaryJudge.uOfFirst(new double[] {1, 2}, new double[] {3, 4})).isEqualTo(0.0);
        assertThat(CanaryJudge.uOfFirst(new double[] {1}, new double[] {1})).isEqualTo(0.5);
    }
}
