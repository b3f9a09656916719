package io.releasecontrol.runtime.kafka;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How a failing record is retried before it goes to its dead-letter topic ({@code rc.kafka.retry.*}).
 * The retries hold the partition, so they are few and short: a poison message costs seconds, not more.
 */
@ConfigurationProperties("rc.kafka.retry")
public record KafkaErrorHandlingProperties(Integer attempts, Duration initialBackoff, Duration maxBackoff) {

    public KafkaErrorHandlingProperties {
        attempts = attempts == null ? 3 : attempts;
        initialBackoff = initialBackoff == null ? Duration.ofMillis(200) : initialBackoff;
        maxBackoff = maxBackoff == null ? Duration.ofSeconds(2) : maxBackoff;
    }
}
