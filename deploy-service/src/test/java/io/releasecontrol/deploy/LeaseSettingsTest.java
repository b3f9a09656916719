package io.releasecontrol.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasecontrol.deploy.DeployProperties.Lease;
import io.releasecontrol.runtime.config.PropertyDefaults;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The lease settings: sane defaults, bounded at start-up. */
class LeaseSettingsTest {

    @Test
    void defaultsToATwoSecondHeartbeatAndATenSecondLease() {
        var lease = PropertyDefaults.of(Lease.class);
        assertThat(lease.heartbeat()).isEqualTo(Duration.ofSeconds(2));
        assertThat(lease.duration()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void refusesALeaseShorterThanTwoHeartbeats() {
        // one late renewal would lose it to another instance
        assertThatThrownBy(() -> new Lease(Duration.ofSeconds(2), Duration.ofSeconds(3)))
                .hasMessageContaining("rc.deploy.lease.duration").hasMessageContaining("PT4S");
    }

    @Test
    void refusesHeartbeatsAndLeasesOutsideTheirBounds() {
        assertThatThrownBy(() -> new Lease(Duration.ofMillis(10), Duration.ofSeconds(10)))
                .hasMessageContaining("rc.deploy.lease.heartbeat");
        assertThatThrownBy(() -> new Lease(Duration.ofMinutes(2), Duration.ofMinutes(5)))
                .hasMessageContaining("rc.deploy.lease.heartbeat");
        assertThatThrownBy(() -> new Lease(Duration.ofSeconds(2), Duration.ofHours(1))).hasMessageContaining("PT10M");
    }
}
