package io.releasecontrol.runtime.kafka;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How a failing record is retried before it goes to its dead-letter topic ({@code rc.kafka.retry.*}).
 * The retries hold the partition, so they are few and short: a poison message costs seconds, not more.
 * A record that failed because a dependency is down is retried without a limit instead, waiting up
 * to {@code outageMaxBackoff} between attempts (well under the consumer's max.poll.interval).
 */
@ConfigurationProperties("rc.kafka.retry")
public record KafkaErrorHandlingProperties(Integer attempts, Duration initialBackoff, Duration maxBackoff,
        Duration outageMaxBackoff) {

    public KafkaErrorHandlingProperties {
        attempts = attempts == null ? 3 : attempts;
        initialBackoff = initialBackoff == null ? Duration.ofMillis(200) : initialBackoff;
        maxBackoff = maxBackoff == null ? Duration.ofSeconds(2) : maxBackoff;
        outageMaxBackoff = outageMaxBackoff == null ? Duration.ofSeconds(5) : outageMaxBackoff;
        if (outageMaxBackoff.isNegative() || outageMaxBackoff.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("rc.kafka.retry.outage-max-backoff must be between 0 and PT1M, got "
                    + outageMaxBackoff);
        }
    }
}
