package io.releasecontrol.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.runtime.identity.IdentityProperties;
import io.releasecontrol.runtime.inbox.InboxProperties;
import io.releasecontrol.runtime.kafka.KafkaErrorHandlingProperties;
import io.releasecontrol.runtime.outbox.OutboxProperties;
import io.releasecontrol.runtime.testsupport.ServiceConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shared runtime's settings: their defaults as docs/architecture.md and docs/operations.md state them. */
class RuntimeConfigurationDefaultsTest {

    @Test
    void everySettingHasTheDefaultTheDocsState() {
        var config = ServiceConfiguration.defaults();

        assertThat(config.bind(IdentityProperties.class)).isEqualTo(new IdentityProperties(null,
                Duration.ofMinutes(5), true, List.of("/actuator/health", "/actuator/health/**", "/actuator/prometheus")));
        assertThat(config.bind(KafkaErrorHandlingProperties.class)).isEqualTo(new KafkaErrorHandlingProperties(3,
                Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(5)));
        assertThat(config.bind(OutboxProperties.class)).isEqualTo(new OutboxProperties(true, Duration.ofMillis(200), 200,
                Duration.ofSeconds(15), Duration.ofDays(7)));
        assertThat(config.bind(InboxProperties.class))
                .isEqualTo(new InboxProperties(Duration.ofDays(30), Duration.ofHours(1), 1000));
        // what code without a Spring context gets is the same
        assertThat(PropertyDefaults.of(InboxProperties.class)).isEqualTo(config.bind(InboxProperties.class));
    }

    @Test
    void anEnvironmentVariableWinsAndAnEmptyOneLeavesTheDefault() {
        // RC_INBOX_HORIZON is bound by Spring's relaxed binding (README, "Configuration")
        var config = ServiceConfiguration.withEnvironment(Map.of("RC_INBOX_HORIZON", "P60D", "RC_INBOX_PURGE_EVERY", "",
                "RC_KAFKA_RETRY_ATTEMPTS", "5", "RC_IDENTITY_MAX_AGE", ""));

        var inbox = config.bind(InboxProperties.class);
        assertThat(inbox.horizon()).isEqualTo(Duration.ofDays(60));
        assertThat(inbox.purgeEvery()).isEqualTo(Duration.ofHours(1));
        assertThat(config.bind(KafkaErrorHandlingProperties.class).attempts()).isEqualTo(5);
        assertThat(config.bind(IdentityProperties.class).maxAge()).isEqualTo(Duration.ofMinutes(5));
    }
}
