package io.releasecontrol.deploy.checklist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.releasecontrol.deploy.deployment.Deployment;
import io.releasecontrol.deploy.deployment.DeploymentResource.ChecklistView;
import io.releasecontrol.deploy.deployment.DeploymentResource.ItemView;
import io.releasecontrol.deploy.deployment.DeploymentState;
import io.releasecontrol.deploy.deployment.DeploymentStatus;
import io.releasecontrol.deploy.deployment.NewDeployment;
import io.releasecontrol.deploy.deployment.Traffic;
import io.releasecontrol.events.Strategy;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A deployment's checklists as its resource shows them: what it waits for, and which items can be confirmed where. */
class DeploymentChecklistViewsTest {

    private static final Instant NOW = Instant.parse("2026-11-23T16:00:00Z");
    private static final UUID ID = UUID.fromString("11111111-2222-3333-4444-555555555555");
    private static final String SELF = "/api/v1/deployments/" + ID;
    private static final ItemState TESTS = ItemState.open(ItemState.Phase.PRE,
            new ChecklistItem("tests", "Integration tests passed", null));
    private static final ItemState REGISTERED = ItemState.open(ItemState.Phase.PRE,
            new ChecklistItem("registered", "Version registered", AutoCheck.VERSION_EXISTS))
            .evaluated(true, "found", NOW);
    private static final ItemState SMOKE = ItemState.open(ItemState.Phase.POST,
            new ChecklistItem("smoke", "Key endpoints answer", null));

    private static Deployment deployment(DeploymentStatus status) {
        var spec = NewDeployment.builder().application("shop").environment("production").version("2.0.0")
                .strategy(Strategy.ROLLING).executor("simulated").requestedBy("alice").build()
                .toSpec(ID, 3, NOW.minusSeconds(600));
        return new Deployment(spec, new DeploymentState(status, null, 0, "step", 0, Traffic.toNew(0), null, false,
                null, null, null, null));
    }

    @Test
    void aPendingDeploymentSaysWhatItWaitsForAndWhereToConfirmItsPreItems() {
        ChecklistView view = DeploymentChecklistViews.view(deployment(DeploymentStatus.PENDING),
                List.of(TESTS, REGISTERED, SMOKE));

        assertThat(view.complete()).isFalse();
        assertThat(view.waitingFor()).isEqualTo("checklist to confirm: tests");
        assertThat(view.pre()).extracting(ItemView::id, ItemView::kind, ItemView::check, ItemView::status,
                ItemView::confirm).containsExactly(
                        tuple("tests", "manual", null, "OPEN",
                                SELF + "/checklist/tests/confirm"),
                        // an automatic item is evaluated again, never confirmed
                        tuple("registered", "automatic", "version-exists", "PASSED",
                                null));
        // a post-deployment item waits for the deployment's success
        assertThat(view.post()).extracting(ItemView::id, ItemView::confirm)
                .containsExactly(tuple("smoke", null));
    }

    @Test
    void aSucceededDeploymentWaitsForNothingAndOffersItsPostItems() {
        ChecklistView view = DeploymentChecklistViews.view(deployment(DeploymentStatus.SUCCEEDED),
                List.of(TESTS.confirmed("bob", "green", NOW), SMOKE));

        assertThat(view.complete()).isTrue();
        assertThat(view.waitingFor()).isNull();
        assertThat(view.pre()).extracting(ItemView::confirmedBy, ItemView::comment, ItemView::confirm)
                .containsExactly(tuple("bob", "green", null));
        assertThat(view.post()).extracting(ItemView::confirm).containsExactly(SELF + "/checklist/smoke/confirm");
    }
}
