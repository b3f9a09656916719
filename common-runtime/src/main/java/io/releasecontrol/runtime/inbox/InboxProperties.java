package io.releasecontrol.runtime.inbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the idempotent consumers remember an event ({@code rc.inbox.*}). Checked at start: a
 * bad value stops the service instead of quietly forgetting events too early.
 *
 * @param horizon        {@code rc_processed_events} rows older than this are purged (P1D to P365D;
 *                       {@code RC_INBOX_HORIZON}). A record delivered again after its row was purged is
 *                       processed again, so the horizon must be longer than a record can come back: longer than
 *                       the topics' retention plus one log segment (Kafka deletes whole segments), which
 *                       is 7 + 7 days at the broker defaults our topics use. docs/operations.md, "The inbox"
 * @param purgeEvery     how often the purge runs, ±10% so instances started together spread out
 *                       (PT1M to P1D)
 * @param purgeBatchSize rows deleted per statement, each its own short transaction (1 to 10,000)
 */
@ConfigurationProperties("rc.inbox")
public record InboxProperties(
        @DefaultValue("P30D") Duration horizon,
        @DefaultValue("PT1H") Duration purgeEvery,
        @DefaultValue("1000") Integer purgeBatchSize) {

    static final Duration MIN_HORIZON = Duration.ofDays(1);
    static final Duration MAX_HORIZON = Duration.ofDays(365);
    static final Duration MIN_PURGE_EVERY = Duration.ofMinutes(1);
    static final Duration MAX_PURGE_EVERY = Duration.ofDays(1);
    static final int MAX_BATCH_SIZE = 10_000;

    public InboxProperties {
        // a bare number binds as milliseconds: "7" would forget every event at once
        if (horizon.compareTo(MIN_HORIZON) < 0 || horizon.compareTo(MAX_HORIZON) > 0) {
            throw new IllegalArgumentException("rc.inbox.horizon must be between " + MIN_HORIZON.toDays() + " and "
                    + MAX_HORIZON.toDays() + " days (and longer than a Kafka record can be redelivered), got " + horizon);
        }
        if (purgeEvery.compareTo(MIN_PURGE_EVERY) < 0 || purgeEvery.compareTo(MAX_PURGE_EVERY) > 0) {
            throw new IllegalArgumentException("rc.inbox.purge-every must be between " + MIN_PURGE_EVERY + " and "
                    + MAX_PURGE_EVERY + ", got " + purgeEvery);
        }
        if (purgeBatchSize < 1 || purgeBatchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("rc.inbox.purge-batch-size must be between 1 and " + MAX_BATCH_SIZE
                    + ", got " + purgeBatchSize);
        }
    }
}
