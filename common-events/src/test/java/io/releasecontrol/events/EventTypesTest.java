package io.releasecontrol.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasecontrol.events.command.DeployCommand;
import io.releasecontrol.events.command.StartDeployment;
import io.releasecontrol.events.deployment.DeployStarted;
import io.releasecontrol.events.version.VersionCreated;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventTypesTest {

    @Test
    void fixturesCoverExactlyTheRegisteredTypes() {
        // A new record in a sealed family registers itself; it must also get a fixture (and so a golden file).
        assertThat(EventFixtures.all().keySet())
                .as("EventFixtures must hold one example of every registered type, and nothing else")
                .containsExactlyInAnyOrderElementsOf(EventTypes.all().keySet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.releasecontrol.events.EventFixtures#types")
    void typeIsReverseDnsAndVersioned(String type) {
        assertThat(type).matches("io\\.releasecontrol\\.[a-z0-9-]+\\.[a-z0-9-]+\\.v[1-9][0-9]*");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.releasecontrol.events.EventFixtures#types")
    void typeAndClassMapBothWays(String type) {
        Class<? extends RcEvent> recordClass = EventFixtures.event(type).getClass();
        assertThat(EventTypes.classOf(type)).isEqualTo(recordClass);
        assertThat(EventTypes.typeOf(recordClass)).isEqualTo(type);
        assertThat(Topics.topicOf(recordClass).family()).isAssignableFrom(recordClass);
    }

    @Test
    void registryIsInTopicOrder() {
        assertThat(EventTypes.all().keySet()).first().isEqualTo("io.releasecontrol.version.created.v1");
        assertThat(EventTypes.all().values()).last()
                .isEqualTo(io.releasecontrol.events.analysis.MetricRuleChanged.class);
    }

    @Test
    void rejectsUnknownTypeWithClearError() {
        assertThatThrownBy(() -> EventTypes.classOf("io.releasecontrol.nope.v1"))
                .isInstanceOf(UnknownEventTypeException.class)
                .hasMessageContaining("'io.releasecontrol.nope.v1'");
    }

    @Test
    void rejectsTypeOfAClassThatIsNoContract() {
        assertThatThrownBy(() -> EventTypes.typeOf(String.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.String is not a registered event type");
    }

    @Test
    void topicOfFindsTheFamilysTopic() {
        assertThat(Topics.topicOf(DeployStarted.class).name()).isEqualTo(Topics.DEPLOYMENTS);
        assertThat(Topics.topicOf(StartDeployment.class).name()).isEqualTo(Topics.DEPLOY_COMMANDS);
        assertThat(Topics.topicOf(StartDeployment.class).family()).isEqualTo(DeployCommand.class);
        assertThat(Topics.topicOf(VersionCreated.class).name()).isEqualTo(Topics.VERSIONS);
    }

    @Test
    void everyTopicHasADeadLetterTopicWithDltSuffix() {
        assertThat(Topics.ALL).extracting(Topics.Spec::dlt).containsExactly(
                "rc.versions.dlt", "rc.deployments.dlt", "rc.deploy-logs.dlt", "rc.deploy-commands.dlt",
                "rc.metric-samples.dlt", "rc.alerts.dlt", "rc.rollback-sagas.dlt", "rc.analysis.dlt");
        assertThat(Topics.spec(Topics.dlt(Topics.DEPLOYMENTS))).as("a DLT is not a family topic").isEmpty();
    }
}
