package io.releasecontrol.metrics.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code rc.metrics.gate.*} as the service binds it at start. */
class GatePropertiesTest {

    static GateProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("rc.metrics.gate",
                GateProperties.class);
    }

    @Test
    void unsetSettingsAreTheGatesDefaults() {
        assertThat(bind(Map.of()).settings()).isEqualTo(GateSettings.DEFAULT);
    }

    @Test
    void readsEverySettingUnderItsKey() {
        assertThat(bind(Map.of("rc.metrics.gate.min-requests", "200", "rc.metrics.gate.min-intervals", "2",
                "rc.metrics.gate.max-wait", "PT5M", "rc.metrics.gate.on-timeout", "fail", "rc.metrics.gate.bake", "PT1M"))
                .settings()).isEqualTo(new GateSettings(200, 2, Duration.ofMinutes(5), GateSettings.OnTimeout.FAIL,
                Duration.ofMinutes(1)));
    }

    @Test
    void aSettingOutOfTheGatesBoundsStopsTheStart() {
        assertThatThrownBy(() -> bind(Map.of("rc.metrics.gate.max-wait", "PT25H")))
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .rootCause().hasMessage("maxWait and bake must be PT0S..PT24H");
    }
}
