package io.releasecontrol.runtime.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Outbox relay settings ({@code rc.outbox.*}).
 *
 * @param relayEnabled  false leaves rows unpublished (tests simulate a crash before the relay with it)
 * @param pollInterval  how often the relay looks for unpublished rows; a write also wakes it at once
 * @param batchSize     rows published per transaction
 * @param sendTimeout   how long one batch waits for broker acknowledgements before it is retried
 * @param retention     published rows older than this are deleted
 */
@ConfigurationProperties("rc.outbox")
public record OutboxProperties(
        Boolean relayEnabled,
        Duration pollInterval,
        Integer batchSize,
        Duration sendTimeout,
        Duration retention) {

    public OutboxProperties {
        relayEnabled = relayEnabled == null || relayEnabled;
        pollInterval = pollInterval == null ? Duration.ofMillis(200) : pollInterval;
        batchSize = batchSize == null ? 200 : batchSize;
        sendTimeout = sendTimeout == null ? Duration.ofSeconds(15) : sendTimeout;
        retention = retention == null ? Duration.ofDays(7) : retention;
    }
}
