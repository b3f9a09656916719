package io.releasecontrol.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.demo.GatewayClient;
import io.releasecontrol.quality.Quality;
import io.releasecontrol.quality.Scoring;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/rc quality} (its main class, in this JVM) against the shared stack: the labelled corpus
 * through the gateway's rules replay with the rules the stack runs. No healthy version is rolled
 * back, every regression is caught, every incident shared by baseline and canary alerts.
 */
class DecisionQualityIT {

    @Test
    void theCorpusRollsBackNoHealthyVersionAndCatchesEveryRegression() {
        LocalStack stack = LocalStack.shared();
        Scoring.Summary summary = Quality.run(new GatewayClient(stack.gatewayUrl(), stack.adminKey()), "");
        System.out.println("e2e: decision quality: " + summary.figures());
        assertThat(summary.traces()).isGreaterThanOrEqualTo(30);
        assertThat(summary.falseRollbacks()).as("false rollbacks").isZero();
        assertThat(summary.caught()).as("regressions caught").isEqualTo(summary.regressions());
        assertThat(summary.sharedAlerted()).as("shared incidents alerted").isEqualTo(summary.sharedIncidents());
    }
}
