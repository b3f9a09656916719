package io.releasecontrol.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasecontrol.events.deployment.DeployStarted;
import io.releasecontrol.events.version.VersionCreated;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TargetKeyTest {

    @Test
    void joinsApplicationAndEnvironmentWithColon() {
        assertThat(TargetKey.of("shop", "prod")).isEqualTo("shop:prod");
    }

    @Test
    void parseSplitsWhatOfJoined() {
        assertThat(TargetKey.parse(TargetKey.of("shop", "staging"))).containsExactly("shop", "staging");
    }

    @Test
    void applicationWideFactsUseStarEnvironment() {
        assertThat(TargetKey.of("shop", TargetKey.ALL_ENVIRONMENTS)).isEqualTo("shop:*");
        assertThat(TargetKey.parse("shop:*")).containsExactly("shop", "*");
    }

    @Test
    void eventKeyIsItsTarget() {
        assertThat(EventFixtures.event(EventTypes.typeOf(DeployStarted.class)).key()).isEqualTo("shop:prod");
        // version facts are application-wide: environment() is fixed to '*', not a record component
        assertThat(EventFixtures.event(EventTypes.typeOf(VersionCreated.class)).key()).isEqualTo("shop:*");
    }

    @Test
    void rejectsColonInApplication() {
        assertThatThrownBy(() -> TargetKey.of("shop:eu", "prod"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not contain ':'")
                .hasMessageContaining("'shop:eu'");
    }

    @Test
    void rejectsColonInEnvironment() {
        assertThatThrownBy(() -> TargetKey.of("shop", "prod:eu"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not contain ':'")
                .hasMessageContaining("'prod:eu'");
    }

    @Test
    void rejectsNullParts() {
        assertThatThrownBy(() -> TargetKey.of(null, "prod")).isInstanceOf(NullPointerException.class)
                .hasMessage("application");
        assertThatThrownBy(() -> TargetKey.of("shop", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("environment");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "shop", ":prod", "shop:", "shop:prod:eu", "::"})
    void parseRejectsMalformedKeys(String key) {
        assertThatThrownBy(() -> TargetKey.parse(key))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a target key 'application:environment': " + key);
    }

    @Test
    void parseRejectsNull() {
        assertThatThrownBy(() -> TargetKey.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
