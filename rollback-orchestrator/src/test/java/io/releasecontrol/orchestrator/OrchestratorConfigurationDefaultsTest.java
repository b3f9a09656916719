package io.releasecontrol.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.runtime.testsupport.ServiceConfiguration;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The orchestrator's settings as its application.yml binds them with no variable set: the defaults
 * docs/api/rollbacks.md ("Configuration") states; then a variable wins.
 */
class OrchestratorConfigurationDefaultsTest {

    @Test
    void everySettingHasTheDefaultTheDocsState() {
        var p = ServiceConfiguration.defaults().bind(OrchestratorProperties.class);

        assertThat(p.observation()).isEqualTo(Duration.ofMinutes(15));
        assertThat(p.stepTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.maxAttempts()).isEqualTo(3);
        assertThat(p.correlationWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(p.impactThresholdPercent()).isEqualTo(10.0);
        // deploy-service keeps the old colour as long by default: the switch-back never aims at a torn-down one
        assertThat(p.switchBackWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(p.timerPoll()).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.timerBatch()).isEqualTo(50);
        assertThat(p.listenerConcurrency()).isEqualTo(3);
        assertThat(p.versionService()).isEqualTo(new OrchestratorProperties.VersionService(
                List.of(URI.create("http://127.0.0.1:8081")), Duration.ofSeconds(2)));
        assertThat(p.skipRollback()).isEmpty();
        assertThat(p.notifications()).isEqualTo(new OrchestratorProperties.NotificationDelivery(8,
                Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofSeconds(5)));
        assertThat(p.environment("production").approveFullRollback()).isTrue();
        assertThat(p.environment("staging").approveFullRollback()).isNull();
        assertThat(p.notifiedEnvironments()).isEmpty();
    }

    @Test
    void aVariableWinsAndAnEmptyOneLeavesTheDefault() {
        var p = ServiceConfiguration.withEnvironment(Map.of("RC_ORCHESTRATOR_OBSERVATION", "PT30S",
                "RC_VERSION_SERVICE_URL", "http://a:8081,http://b:8081", "RC_ORCHESTRATOR_SKIP_ROLLBACK", "legacy,batch",
                "RC_ORCHESTRATOR_PRODUCTION_APPROVE_FULL", "false", "RC_ORCHESTRATOR_WEBHOOK_STAGING", "http://hooks/staging",
                "RC_ORCHESTRATOR_IMPACT_THRESHOLD", "", "RC_ORCHESTRATOR_SWITCH_BACK_WINDOW", ""))
                .bind(OrchestratorProperties.class);

        assertThat(p.observation()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.versionService().url()).containsExactly(URI.create("http://a:8081"), URI.create("http://b:8081"));
        assertThat(p.skipRollback()).containsExactlyInAnyOrder("legacy", "batch");
        assertThat(p.environment("production").approveFullRollback()).isFalse();
        assertThat(p.notifiedEnvironments()).containsExactly("staging");
        assertThat(p.impactThresholdPercent()).isEqualTo(10.0);
        assertThat(p.switchBackWindow()).isEqualTo(Duration.ofHours(1));
    }
}
