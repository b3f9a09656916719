package io.releasecontrol.runtime.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasecontrol.runtime.config.PropertyDefaults;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class InboxPropertiesTest {

    @Test
    void defaultsOutlastTheRedeliveryWindowOfTheBrokerDefaults() {
        var p = PropertyDefaults.of(InboxProperties.class);

        assertThat(p.horizon()).isEqualTo(Duration.ofDays(30));
        // 7 days of retention plus a 7-day segment that Kafka deletes only as a whole
        assertThat(p.horizon()).isGreaterThan(Duration.ofDays(14));
        assertThat(p.purgeEvery()).isEqualTo(Duration.ofHours(1));
        assertThat(p.purgeBatchSize()).isEqualTo(1000);
    }

    /** Binds the settings given (null: not set, so its default) as a service would at start. */
    private static InboxProperties bind(String horizon, String every, String batch) {
        Map<String, String> set = new HashMap<>();
        if (horizon != null) {
            set.put("rc.inbox.horizon", horizon);
        }
        if (every != null) {
            set.put("rc.inbox.purge-every", every);
        }
        if (batch != null) {
            set.put("rc.inbox.purge-batch-size", batch);
        }
        return new Binder(new MapConfigurationPropertySource(set)).bindOrCreate("rc.inbox", InboxProperties.class);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(nullValues = "null", textBlock = """
            # horizon, purge every, batch, accepted
            P1D,       PT1M,        1,     true
            P365D,     P1D,         10000, true
            P14D,      null,        null,  true
            PT23H,     null,        null,  false
            PT0.007S,  null,        null,  false
            P366D,     null,        null,  false
            null,      PT59S,       null,  false
            null,      P2D,         null,  false
            null,      null,        0,     false
            null,      null,        10001, false
            """)
    void refusesSettingsOutsideTheirBoundsAtStart(String horizon, String every, String batch, boolean accepted) {
        if (accepted) {
            assertThat(bind(horizon, every, batch).horizon()).isNotNull();
        } else {
            assertThatThrownBy(() -> bind(horizon, every, batch)).rootCause()
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("rc.inbox.");
        }
    }

    @EnableConfigurationProperties(InboxProperties.class)
    static class Bound {
    }

    @Test
    void aServiceWithABadHorizonDoesNotStart() {
        // a bare number binds as milliseconds: "7" meant as days must stop the service, not empty the inbox
        new ApplicationContextRunner().withUserConfiguration(Bound.class).withPropertyValues("rc.inbox.horizon=7")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("rc.inbox.horizon must be between 1 and 365 days"));
    }
}
