package io.releasecontrol.deploy.log;

import io.releasecontrol.deploy.DeployProperties;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Clears log lines older than {@code rc.deploy.log-retention} (default 30 days), hourly, and says how many. */
@Component
public class LogRetentionJob implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LogRetentionJob.class);

    private final LogService logs;
    private final Duration retention;
    private volatile Disposable schedule;

    public LogRetentionJob(LogService logs, DeployProperties props) {
        this.logs = logs;
        this.retention = props.logRetention();
    }

    /** One round: deletes what is past the retention and emits the number of lines cleared. */
    public Mono<Long> clearOldLogs() {
        Instant before = Instant.now().minus(retention);
        return logs.deleteOlderThan(before)
                .doOnNext(n -> log.info("log retention: cleared {} line(s) older than {} (before {})", n, retention,
                        before));
    }

    @Override
    public void start() {
        schedule = Flux.interval(Duration.ofMinutes(1), Duration.ofHours(1))
                .concatMap(i -> clearOldLogs().onErrorResume(e -> {
                    log.warn("log retention round failed: {}", e.toString());
                    return Mono.just(0L);
                }))
                .subscribe();
    }

    @Override
    public void stop() {
        if (schedule != null) {
            schedule.dispose();
            schedule = null;
        }
    }

    @Override
    public boolean isRunning() {
        return schedule != null;
    }
}
