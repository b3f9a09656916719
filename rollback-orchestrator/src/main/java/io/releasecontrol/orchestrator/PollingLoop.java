package io.releasecontrol.orchestrator;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A round of work every {@code poll}, one round at a time, started and stopped with the context
 * (so a closed context leaves nothing running). A failed round is logged and the next one tries
 * again: the state to work on lives in the database, never in the loop.
 */
public abstract class PollingLoop implements SmartLifecycle {

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final Duration poll;
    private volatile Disposable loop;

    protected PollingLoop(Duration poll) {
        this.poll = poll;
    }

    /** One round; its result (how much was done) is for tests and logs. */
    protected abstract Mono<Integer> round();

    @Override
    public void start() {
        loop = Flux.interval(Duration.ZERO, poll, Schedulers.boundedElastic())
                .onBackpressureDrop()
                .concatMap(tick -> round().onErrorResume(e -> {
                    log.warn("round failed (retried next poll): {}", e.toString());
                    return Mono.just(0);
                }), 1)
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable l = loop;
        if (l != null) {
            l.dispose();
        }
        loop = null;
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }
}
