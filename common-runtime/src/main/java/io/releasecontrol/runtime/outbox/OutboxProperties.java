package io.releasecontrol.runtime.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

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
        @DefaultValue("true") Boolean relayEnabled,
        @DefaultValue("PT0.2S") Duration pollInterval,
        @DefaultValue("200") Integer batchSize,
        @DefaultValue("PT15S") Duration sendTimeout,
        @DefaultValue("P7D") Duration retention) {
}
