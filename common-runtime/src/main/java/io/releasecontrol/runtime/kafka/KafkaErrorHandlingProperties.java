package io.releasecontrol.runtime.kafka;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a failing record is retried before it goes to its dead-letter topic ({@code rc.kafka.retry.*}).
 * The retries hold the partition, so they are few and short: a poison message costs seconds, not more.
 * A record that failed because a dependency is down is retried without a limit instead, waiting up
 * to {@code outageMaxBackoff} between attempts (well under the consumer's max.poll.interval).
 *
 * @param attempts         retries of a failing record before it goes to its dead-letter topic
 * @param initialBackoff   wait before the first retry, doubled before each next one
 * @param maxBackoff       the longest wait between two retries of a failing record
 * @param outageMaxBackoff the longest wait between attempts while a dependency is down (PT0S to PT1M)
 */
@ConfigurationProperties("rc.kafka.retry")
public record KafkaErrorHandlingProperties(
        @DefaultValue("3") Integer attempts,
        @DefaultValue("PT0.2S") Duration initialBackoff,
        @DefaultValue("PT2S") Duration maxBackoff,
        @DefaultValue("PT5S") Duration outageMaxBackoff) {

    public KafkaErrorHandlingProperties {
        if (outageMaxBackoff.isNegative() || outageMaxBackoff.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("rc.kafka.retry.outage-max-backoff must be between 0 and PT1M, got "
                    + outageMaxBackoff);
        }
    }
}
