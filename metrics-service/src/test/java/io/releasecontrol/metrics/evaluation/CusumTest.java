package io.releasecontrol.metrics.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The sequential test on its own: slots of (errors, requests) against a bound. */
class CusumTest {

    private static Cusum cusum() {
        return SequentialPolicy.DEFAULT.newCusum();
    }

    @Test
    void aRateAtItsBoundNeverAlarmsOverAnHourOfBusySlots() {
        // 3,600 one-second slots at 1,000 requests and exactly the bound's 5 %, binomial noise
        Cusum c = cusum();
        SplittableRandom random = new SplittableRandom(7);
        for (int slot = 0; slot < 3600; slot++) {
            long errors = 0;
            for (int i = 0; i < 1000; i++) {
                errors += random.nextDouble() < 0.05 ? 1 : 0;
            }
            c.observe(slot, errors, 1000, 0.05, 1000);
            assertThat(c.alarm()).as("slot " + slot).isFalse();
        }
    }

    @Test
    void oneOverwhelmingSlotIsNotEnoughThreeAre() {
        // every request failing: each slot adds at most h / 2.5
        Cusum c = cusum();
        c.observe(0, 1000, 1000, 0.05, 1000);
        assertThat(c.alarm()).isFalse();
        c.observe(1, 1000, 1000, 0.05, 1000);
        assertThat(c.alarm()).isFalse();
        c.observe(2, 1000, 1000, 0.05, 1000);
        assertThat(c.alarm()).isTrue();
        assertThat(c.verdict()).isEqualTo(Cusum.Outcome.FAIL);
        assertThat(c.requests()).isEqualTo(3000);
        assertThat(c.slots()).isEqualTo(3);
    }

    @Test
    void aSlotObservedAgainReplacesItsContributionInsteadOfAddingToIt() {
        Cusum c = cusum();
        for (int i = 0; i < 10; i++) {
            c.observe(0, 1000, 1000, 0.05, 1000); // the same slot's totals, looked at ten times
        }
        assertThat(c.alarm()).isFalse();
        assertThat(c.requests()).isEqualTo(1000);
    }

    @Test
    void passesOnceAHealthyRateHasEnoughEvidenceAndNotBefore() {
        Cusum c = cusum();
        // 1 % against a 5 % bound: inconclusive on 20 requests, pass on a few thousand
        c.observe(0, 0, 20, 0.05, 20);
        assertThat(c.verdict()).isEqualTo(Cusum.Outcome.INCONCLUSIVE);
        for (int slot = 1; slot <= 10; slot++) {
            c.observe(slot, 5, 500, 0.05, 500);
        }
        assertThat(c.verdict()).isEqualTo(Cusum.Outcome.PASS);
    }

    @Test
    void aLoneSpikeSetsThePassBackByAFewSlotsNotByItsRawWeight() {
        // 1 % against 5 % at 100 requests a slot: about -1.2 per slot towards the pass at -ln 20
        Cusum c = cusum();
        int slot = 0;
        while (c.verdict() != Cusum.Outcome.PASS) {
            c.observe(slot++, 1, 100, 0.05, 100);
        }
        c.observe(slot++, 100, 100, 0.05, 100); // every request of one slot failing: raw LLR about +69
        assertThat(c.verdict()).isEqualTo(Cusum.Outcome.INCONCLUSIVE);
        int after = 0;
        while (c.verdict() != Cusum.Outcome.PASS) {
            c.observe(slot++, 1, 100, 0.05, 100);
            after++;
        }
        assertThat(after).as("healthy slots to pass again after the spike").isBetween(2, 10);
        assertThat(c.alarm()).isFalse();
    }
}
