package io.releasecontrol.deploy.deployment;

import static io.releasecontrol.deploy.deployment.Deployments.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.deploy.strategy.CanaryPlan;
import io.releasecontrol.events.Strategy;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A request's builder and the spec it becomes once created. */
class NewDeploymentTest {

    private static final UUID ID = UUID.fromString("6f1c2a4e-8b3d-4c5e-9f60-1a2b3c4d5e6f");
    private static final UUID ROLLBACK_OF = UUID.fromString("11111111-2222-3333-4444-555555555555");
    private static final UUID SAGA = UUID.fromString("00000000-0000-0000-0000-0000000000aa");
    private static final CanaryPlan PLAN = new CanaryPlan(List.of(10, 100), Duration.ofSeconds(30), null);
    private static final DeploymentOptions OPTIONS = new DeploymentOptions(true, false, "why", null, null,
            List.of("V7"));

    /** Every field set and told apart, so a swap in the builder shows. */
    private static NewDeployment full(Strategy strategy) {
        return new NewDeployment("shop", "prod", "2.4.0", strategy, "script", PLAN, "alice", ROLLBACK_OF, SAGA,
                "saga:full-rollback", OPTIONS, true);
    }

    @Test
    void aRequestWithoutOptionsSkipsNothingAndIsNoRepair() {
        NewDeployment r = NewDeployment.builder().application("shop").environment("prod").version("2.4.0")
                .strategy(Strategy.ROLLING).executor("simulated").requestedBy("alice").build();
        assertThat(r.options()).isEqualTo(DeploymentOptions.NONE);
        assertThat(r.repair()).isFalse();
        // the rest is what nobody asked for
        assertThat(r).extracting(NewDeployment::canary, NewDeployment::rollbackOf, NewDeployment::sagaId,
                NewDeployment::requestId).containsOnlyNulls();
    }

    @Test
    void toBuilderKeepsEveryFieldInItsPlace() {
        assertThat(full(Strategy.CANARY).toBuilder().build()).isEqualTo(full(Strategy.CANARY));
        assertThat(full(Strategy.CANARY).toBuilder().requestId("git-hook:1").build()).isEqualTo(new NewDeployment(
                "shop", "prod", "2.4.0", Strategy.CANARY, "script", PLAN, "alice", ROLLBACK_OF, SAGA, "git-hook:1",
                OPTIONS, true));
    }

    @Test
    void theSpecIsTheRequestUnderItsIdAndSequence() {
        assertThat(full(Strategy.CANARY).toSpec(ID, 7, T0)).isEqualTo(new DeploymentSpec(ID, "shop", "prod", "2.4.0",
                Strategy.CANARY, "script", PLAN, "alice", ROLLBACK_OF, SAGA, "saga:full-rollback", 7, OPTIONS, T0));
    }

    @Test
    void onlyACanaryKeepsItsCanaryPlan() {
        // a plan sent along with another strategy is dropped, not run
        assertThat(full(Strategy.ROLLING).toSpec(ID, 7, T0).canary()).isNull();
        assertThat(full(Strategy.BLUE_GREEN).toSpec(ID, 7, T0).canary()).isNull();
    }
}
