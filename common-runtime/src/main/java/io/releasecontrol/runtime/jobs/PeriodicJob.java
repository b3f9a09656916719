package io.releasecontrol.runtime.jobs;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A background round run while the application runs, started and stopped with the context (so a
 * closed context leaves nothing running). Rounds never overlap, and a failed round is logged and the
 * next one runs as planned: the state to work on lives in the database, never in the job.
 *
 * <p>Without jitter the rounds start at a fixed rate, {@code every} after {@code firstAfter}; a tick
 * that comes while a round runs waits for it (one at most, the others are dropped). With jitter each
 * wait, the first one included, is stretched by up to ± {@code jitter} of its length and starts when
 * the previous round ends, so instances started together (a rollout) spread out.
 */
public abstract class PeriodicJob implements SmartLifecycle {

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final Schedule schedule;
    private volatile Disposable running;

    protected PeriodicJob(Schedule schedule) {
        this.schedule = Objects.requireNonNull(schedule, "schedule");
    }

    /** One round; emits how many things it handled (for tests and logs). */
    protected abstract Mono<? extends Number> round();

    /**
     * When rounds run.
     *
     * @param name       names the job in the log ({@code "log retention round failed: ..."})
     * @param firstAfter the wait before the first round
     * @param every      the period between rounds
     * @param jitter     0 for a fixed rate; else the fraction (below 1) each wait may be shorter or longer
     * @param scheduler  where the waits (and so the rounds' start) run
     */
    public record Schedule(String name, Duration firstAfter, Duration every, double jitter, Scheduler scheduler) {

        public Schedule {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(firstAfter, "firstAfter");
            Objects.requireNonNull(every, "every");
            Objects.requireNonNull(scheduler, "scheduler");
            if (every.isNegative() || every.isZero()) {
                throw new IllegalArgumentException(name + ": every must be positive, got " + every);
            }
            if (jitter < 0 || jitter >= 1) {
                throw new IllegalArgumentException(name + ": jitter must be in [0, 1), got " + jitter);
            }
        }

        /** A fixed rate on the parallel scheduler (where {@code Flux.interval} runs by default). */
        public static Schedule every(String name, Duration firstAfter, Duration every) {
            return new Schedule(name, firstAfter, every, 0, Schedulers.parallel());
        }

        public Schedule on(Scheduler other) {
            return new Schedule(name, firstAfter, every, jitter, other);
        }

        public Schedule jittered(double fraction) {
            return new Schedule(name, firstAfter, every, fraction, scheduler);
        }

        /** {@code nominal} stretched by {@code unit} in [0, 1): 0 gives the shortest wait, 0.5 the nominal one. */
        Duration jitteredWait(Duration nominal, double unit) {
            return Duration.ofMillis(Math.round(nominal.toMillis() * (1 - jitter + 2 * jitter * unit)));
        }
    }

    @Override
    public void start() {
        running = (schedule.jitter() == 0 ? atFixedRate() : withJitteredWaits()).subscribe();
    }

    private Flux<Number> atFixedRate() {
        return Flux.interval(schedule.firstAfter(), schedule.every(), schedule.scheduler())
                .onBackpressureDrop()
                .concatMap(tick -> loggedRound(), 1);
    }

    private Flux<Number> withJitteredWaits() {
        AtomicBoolean first = new AtomicBoolean(true);
        return Mono.defer(() -> Mono.delay(schedule.jitteredWait(
                                first.getAndSet(false) ? schedule.firstAfter() : schedule.every(),
                                ThreadLocalRandom.current().nextDouble()), schedule.scheduler()))
                .then(loggedRound())
                .repeat();
    }

    private Mono<Number> loggedRound() {
        return Mono.<Number>defer(this::round).onErrorResume(e -> {
            log.warn("{} round failed, next round in about {}: {}", schedule.name(), schedule.every(), e.toString());
            return Mono.just(0);
        });
    }

    @Override
    public void stop() {
        Disposable r = running;
        if (r != null) {
            r.dispose();
            running = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running != null;
    }
}
