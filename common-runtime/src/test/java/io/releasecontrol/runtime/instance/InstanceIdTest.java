package io.releasecontrol.runtime.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class InstanceIdTest {

    @Test
    void takesTheConfiguredIdAsStable() {
        var id = InstanceId.of(new MockEnvironment().withProperty("rc.instance-id", "deploy-service-7f9c-2"));
        assertThat(id).isEqualTo(new InstanceId("deploy-service-7f9c-2", true));
    }

    @Test
    void resolvesAPlaceholderSoComposeCanPassTheContainersHostName() {
        var env = new MockEnvironment().withProperty("RC_INSTANCE_ID", "${HOSTNAME}").withProperty("HOSTNAME", "3f2a9c1b");
        assertThat(InstanceId.of(env)).isEqualTo(new InstanceId("3f2a9c1b", true));
    }

    @Test
    void generatesADistinctIdPerContextWhenNoneIsConfigured() {
        // several contexts in one test JVM must never share one (they would take each other's leases)
        var a = InstanceId.of(new MockEnvironment());
        var b = InstanceId.of(new MockEnvironment());
        assertThat(a.explicit()).isFalse();
        assertThat(a.value()).isNotEqualTo(b.value()).matches("[A-Za-z0-9._-]+");
    }

    @Test
    void refusesCharactersKafkaWouldRefuseInAGroupInstanceId() {
        assertThatThrownBy(() -> InstanceId.of(new MockEnvironment().withProperty("rc.instance-id", "pod#1")))
                .hasMessageContaining("rc.instance-id");
    }
}
