package io.releasecontrol.deploy.log;

import io.releasecontrol.deploy.DeployProperties;
import io.releasecontrol.runtime.jobs.PeriodicJob;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Clears log lines older than {@code rc.deploy.log-retention} (default 30 days), hourly, and says how many. */
@Component
public class LogRetentionJob extends PeriodicJob {

    private static final Logger log = LoggerFactory.getLogger(LogRetentionJob.class);

    private final LogService logs;
    private final Duration retention;

    public LogRetentionJob(LogService logs, DeployProperties props) {
        super(Schedule.every("log retention", Duration.ofMinutes(1), Duration.ofHours(1)));
        this.logs = logs;
        this.retention = props.logRetention();
    }

    @Override
    protected Mono<Long> round() {
        return clearOldLogs();
    }

    /** One round: deletes what is past the retention and emits the number of lines cleared. */
    public Mono<Long> clearOldLogs() {
        Instant before = Instant.now().minus(retention);
        return logs.deleteOlderThan(before)
                .doOnNext(n -> log.info("log retention: cleared {} line(s) older than {} (before {})", n, retention,
                        before));
    }
}
