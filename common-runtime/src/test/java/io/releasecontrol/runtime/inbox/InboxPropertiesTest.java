package io.releasecontrol.runtime.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InboxPropertiesTest {

    @Test
    void defaultsOutlastTheRedeliveryWindowOfTheBrokerDefaults() {
        var p = new InboxProperties(null, null, null);

        assertThat(p.horizon()).isEqualTo(Duration.ofDays(30));
        // 7 days of retention plus a 7-day segment that Kafka deletes only as a whole
        assertThat(p.horizon()).isGreaterThan(Duration.ofDays(14));
        assertThat(p.purgeEvery()).isEqualTo(Duration.ofHours(1));
        assertThat(p.purgeBatchSize()).isEqualTo(1000);
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
    void refusesSettingsOutsideTheirBoundsAtStart(Duration horizon, Duration every, Integer batch, boolean accepted) {
        if (accepted) {
            assertThat(new InboxProperties(horizon, every, batch).horizon()).isNotNull();
        } else {
            assertThatIllegalArgumentException().isThrownBy(() -> new InboxProperties(horizon, every, batch))
                    .withMessageStartingWith("rc.inbox.");
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
