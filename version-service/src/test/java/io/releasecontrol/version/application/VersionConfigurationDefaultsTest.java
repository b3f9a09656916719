package io.releasecontrol.version.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.runtime.testsupport.ServiceConfiguration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * version-service's settings as its application.yml binds them with no variable set: the defaults
 * docs/api/versions.md states; then a variable wins.
 */
class VersionConfigurationDefaultsTest {

    @Test
    void anApplicationRegisteredWithoutItsListGetsTheThreeEnvironments() {
        assertThat(ServiceConfiguration.defaults().bind(ApplicationProperties.class).defaultEnvironments())
                .containsExactly("development", "staging", "production");
    }

    @Test
    void aVariableWinsAndAnEmptyOneLeavesTheDefault() {
        assertThat(ServiceConfiguration.withEnvironment(Map.of("RC_DEFAULT_ENVIRONMENTS", "dev,prod"))
                .bind(ApplicationProperties.class).defaultEnvironments()).containsExactly("dev", "prod");
        assertThat(ServiceConfiguration.withEnvironment(Map.of("RC_DEFAULT_ENVIRONMENTS", ""))
                .bind(ApplicationProperties.class).defaultEnvironments())
                .containsExactly("development", "staging", "production");
    }
}
