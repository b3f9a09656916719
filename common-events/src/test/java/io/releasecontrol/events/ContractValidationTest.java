package io.releasecontrol.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasecontrol.events.command.ShiftTraffic;
import io.releasecontrol.events.deployment.DeployRequested;
import io.releasecontrol.events.deployment.TrafficShifted;
import io.releasecontrol.events.saga.RollbackSagaStarted;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Invariants the records enforce in their constructors (and so on every deserialisation too). */
class ContractValidationTest {

    private static final DeploymentId ID = EventFixtures.DEPLOYMENT_ID;

    @ParameterizedTest(name = "stable {0} + new {1}")
    @CsvSource({"60, 50", "50, 49", "0, 0", "-10, 110", "110, -10"})
    void trafficShiftedRejectsPercentagesNotSummingTo100(int stable, int fresh) {
        assertThatThrownBy(() -> new TrafficShifted(ID, "shop", "prod", "1.0", "1.1", stable, fresh, "step", 1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("traffic percentages must be >= 0 and add up to 100, got " + stable + " + " + fresh);
    }

    @ParameterizedTest(name = "stable {0} + new {1}")
    @CsvSource({"100, 0", "0, 100", "90, 10"})
    void trafficShiftedAcceptsSplitsOf100(int stable, int fresh) {
        assertThatNoException().isThrownBy(
                () -> new TrafficShifted(ID, "shop", "prod", "1.0", "1.1", stable, fresh, "step", 1L));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"-1", "101"})
    void shiftTrafficRejectsPercentOutside0To100(int percent) {
        assertThatThrownBy(() -> new ShiftTraffic("req", ID, "shop", "prod", percent, "r", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("newPercent must be 0..100, got " + percent);
    }

    @Test
    void aDeployRequestedOfAnOlderProducerReadsAsNotScheduledAndNoHotfix() {
        // the wire format before scheduledAt and hotfix existed
        String older = """
                {"specversion":"1.0","id":"1fdec3e5-6f3c-3e28-969f-0cda043bb00c","source":"/release-control/deploy-service",
                 "type":"io.releasecontrol.deployment.requested.v1","time":"2026-03-01T10:15:30Z","subject":"shop:prod",
                 "datacontenttype":"application/json","data":{"deploymentId":"6f1c2a4e-8b3d-4c5e-9f60-1a2b3c4d5e6f",
                 "application":"shop","environment":"prod","version":"2.3.1","strategy":"rolling","executor":"simulated",
                 "canarySteps":[],"requestedBy":"alice","sequence":7}}""";
        var read = (DeployRequested) io.releasecontrol.events.serde.EventCodec.fromJson(older).data();
        assertThat(read.scheduledAt()).isNull();
        assertThat(read.hotfix()).isFalse();
        assertThat(read.sequence()).isEqualTo(7L);
    }

    @Test
    void listsDefaultToEmptyAndAreImmutableCopies() {
        List<Integer> steps = new ArrayList<>(List.of(10, 100));
        DeployRequested requested = new DeployRequested(ID, "shop", "prod", "1.1", Strategy.CANARY, "k8s", steps,
                "alice", null, null, 1L);
        steps.add(50); // mutating the caller's list must not change the event
        assertThat(requested.canarySteps()).containsExactly(10, 100);
        assertThatThrownBy(() -> requested.canarySteps().add(1)).isInstanceOf(UnsupportedOperationException.class);

        assertThat(new RollbackSagaStarted(EventFixtures.SAGA_ID, "shop", "prod", "manual", "FULL_ROLLBACK", "1.1",
                "1.0", 100.0, null).reasons()).isEmpty();
    }

    @Test
    void strategyRejectsUnknownWireValue() {
        assertThat(Strategy.fromWire("blue-green")).isEqualTo(Strategy.BLUE_GREEN);
        assertThatThrownBy(() -> Strategy.fromWire("BLUE_GREEN"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown strategy 'BLUE_GREEN' (expected rolling, blue-green or canary)");
    }
}
