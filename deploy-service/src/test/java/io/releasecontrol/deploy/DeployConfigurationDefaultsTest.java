package io.releasecontrol.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.deploy.analysis.AnalysisProperties;
import io.releasecontrol.deploy.hooks.HookProperties;
import io.releasecontrol.deploy.release.ReleaseProperties;
import io.releasecontrol.deploy.strategy.BlueGreenProperties;
import io.releasecontrol.deploy.versions.VersionServiceProperties;
import io.releasecontrol.runtime.identity.IdentityProperties;
import io.releasecontrol.runtime.testsupport.ServiceConfiguration;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * deploy-service's settings as its application.yml binds them with no variable set: the defaults
 * docs/api/deployments.md and docs/release-workflow.md state; then a variable wins.
 */
class DeployConfigurationDefaultsTest {

    @Test
    void everySettingHasTheDefaultTheDocsState() {
        var config = ServiceConfiguration.defaults();

        var deploy = config.bind(DeployProperties.class);
        assertThat(deploy.logRetention()).isEqualTo(Duration.ofDays(30));
        assertThat(deploy.stuckAfter()).isEqualTo(Duration.ofMinutes(10));
        assertThat(deploy.cancelGrace()).isEqualTo(Duration.ofSeconds(5));
        assertThat(deploy.commandCanaryPause()).isEqualTo(Duration.ofSeconds(30));
        assertThat(deploy.lease()).isEqualTo(new DeployProperties.Lease(Duration.ofSeconds(2), Duration.ofSeconds(10)));
        assertThat(deploy.simulated()).isEqualTo(new DeployProperties.Simulated(Duration.ofSeconds(1), ".*-broken", ""));
        // the environments application.yml sizes, and one it does not list
        assertThat(deploy.environment("production")).isEqualTo(new DeployProperties.EnvironmentConfig(null,
                Duration.ofMinutes(15), List.of(), Duration.ofSeconds(5), 8, 4, "simulated", false));
        assertThat(deploy.environment("development").instances()).isEqualTo(2);
        assertThat(deploy.environment("elsewhere")).isEqualTo(new DeployProperties.EnvironmentConfig(null,
                Duration.ofMinutes(15), List.of(), Duration.ofSeconds(5), 4, 2, "simulated", false));

        assertThat(config.bind(ReleaseProperties.class)).isEqualTo(new ReleaseProperties(Duration.ofMinutes(10),
                Duration.ofHours(24), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(30)));
        // the rollback-orchestrator's switch-back window has the same default (and must never be longer)
        assertThat(config.bind(BlueGreenProperties.class).keepOldColour()).isEqualTo(Duration.ofHours(1));
        assertThat(config.bind(AnalysisProperties.class)).isEqualTo(new AnalysisProperties(true,
                URI.create("http://127.0.0.1:8083"), Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMinutes(10)));
        assertThat(config.bind(VersionServiceProperties.class))
                .isEqualTo(new VersionServiceProperties(URI.create("http://127.0.0.1:8081"), Duration.ofSeconds(2)));
        var hooks = config.bind(HookProperties.class);
        assertThat(hooks.strategy()).isEqualTo("rolling");
        assertThat(hooks.executor()).isEqualTo("simulated");
        assertThat(hooks.branches()).containsExactly(Map.entry("develop", "development"));
        // the git webhook answers without an identity, besides the shared probes
        assertThat(config.bind(IdentityProperties.class).anonymousPaths()).containsExactly("/actuator/health",
                "/actuator/health/**", "/actuator/prometheus", "/api/v1/hooks/git");
    }

    @Test
    void aVariableWinsAndAnEmptyOneLeavesTheDefault() {
        var config = ServiceConfiguration.withEnvironment(Map.of("RC_DEPLOY_LOG_RETENTION", "P7D",
                "RC_DEPLOY_PRODUCTION_SOAK", "PT1M", "RC_DEPLOY_ANALYSIS", "false",
                "RC_VERSION_SERVICE_URL", "http://versions:8081", "RC_DEPLOY_SIMULATED_STEP_DELAY", "PT0S",
                "RC_DEPLOY_BLUE_GREEN_KEEP_OLD_COLOUR", "", "RC_DEPLOY_LEASE_HEARTBEAT", "",
                "RC_DEPLOY_SIMULATED_FAIL_VERSIONS", "1\\.0\\..*"));

        var deploy = config.bind(DeployProperties.class);
        assertThat(deploy.logRetention()).isEqualTo(Duration.ofDays(7));
        assertThat(deploy.simulated().stepDelay()).isZero();
        // bound by relaxed binding, without a line in application.yml
        assertThat(deploy.simulated().failVersions()).isEqualTo("1\\.0\\..*");
        assertThat(deploy.lease().heartbeat()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.bind(ReleaseProperties.class).productionSoak()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.bind(AnalysisProperties.class).enabled()).isFalse();
        assertThat(config.bind(VersionServiceProperties.class).url()).isEqualTo(URI.create("http://versions:8081"));
        assertThat(config.bind(BlueGreenProperties.class).keepOldColour()).isEqualTo(Duration.ofHours(1));
    }
}
