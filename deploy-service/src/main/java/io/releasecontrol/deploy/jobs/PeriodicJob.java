package io.releasecontrol.deploy.jobs;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A background round run every {@code every} while the application runs: rounds never overlap,
 * and a failed round is logged and the next one runs as planned.
 */
public abstract class PeriodicJob implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PeriodicJob.class);

    private final String name;
    private final Duration firstAfter;
    private final Duration every;
    private volatile Disposable schedule;

    protected PeriodicJob(String name, Duration firstAfter, Duration every) {
        this.name = name;
        this.firstAfter = firstAfter;
        this.every = every;
    }

    /** One round; emits how many things it handled. */
    protected abstract Mono<Long> round();

    @Override
    public void start() {
        schedule = Flux.interval(firstAfter, every)
                .onBackpressureDrop()
                .concatMap(i -> Mono.defer(this::round).onErrorResume(e -> {
                    log.warn("{} round failed: {}", name, e.toString());
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
