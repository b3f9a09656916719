package io.releasecontrol.runtime.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.releasecontrol.runtime.jobs.PeriodicJob.Schedule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

class PeriodicJobTest {

    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger jobLog = (Logger) LoggerFactory.getLogger("io.releasecontrol.runtime.jobs");

    @BeforeEach
    void captureLog() {
        logged.start();
        jobLog.addAppender(logged);
    }

    @AfterEach
    void release() {
        jobLog.detachAppender(logged);
        time.dispose();
    }

    @Test
    void runsTheFirstRoundAfterFirstAfterThenEveryPeriod() {
        var job = new CountingJob(Schedule.every("counting", Duration.ofMinutes(1), Duration.ofMinutes(10)).on(time));
        job.start();

        // nothing before the first delay
        time.advanceTimeBy(Duration.ofSeconds(59));
        assertThat(job.rounds).hasValue(0);
        time.advanceTimeBy(Duration.ofSeconds(1));
        assertThat(job.rounds).hasValue(1);
        // then one per period
        time.advanceTimeBy(Duration.ofMinutes(30));
        assertThat(job.rounds).hasValue(4);
        job.stop();
    }

    @Test
    void logsAFailedRoundAndRunsTheNextOne() {
        var job = new CountingJob(Schedule.every("counting", Duration.ZERO, Duration.ofSeconds(5)).on(time));
        job.failing.add(1);
        job.start();

        time.advanceTimeBy(Duration.ofSeconds(10));

        // rounds 1 (failed), 2 and 3 ran
        assertThat(job.rounds).hasValue(3);
        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("counting round failed, next round in about PT5S: java.lang.IllegalStateException: round 1");
        job.stop();
    }

    @Test
    void aRoundThatThrowsInsteadOfErroringIsLoggedToo() {
        var job = new CountingJob(Schedule.every("counting", Duration.ZERO, Duration.ofSeconds(5)).on(time)) {
            @Override
            protected Mono<Long> round() {
                if (rounds.incrementAndGet() == 1) {
                    throw new IllegalStateException("thrown");
                }
                return Mono.just(1L);
            }
        };
        job.start();

        time.advanceTimeBy(Duration.ofSeconds(5));

        assertThat(job.rounds).hasValue(2);
        assertThat(logged.list).hasSize(1);
        job.stop();
    }

    @Test
    void stopStopsTheRounds() {
        var job = new CountingJob(Schedule.every("counting", Duration.ZERO, Duration.ofSeconds(5)).on(time));
        job.start();
        time.advanceTimeBy(Duration.ofSeconds(5));
        assertThat(job.isRunning()).isTrue();

        job.stop();
        time.advanceTimeBy(Duration.ofMinutes(5));

        assertThat(job.isRunning()).isFalse();
        assertThat(job.rounds).hasValue(2);
        // stopping twice is harmless
        job.stop();
    }

    @Test
    void roundsNeverOverlapAndALongRoundIsFollowedByOneCatchUpRoundAtMost() {
        var job = new CountingJob(Schedule.every("counting", Duration.ZERO, Duration.ofSeconds(1)).on(time));
        job.firstRoundTakes = Duration.ofMillis(9500);
        job.start();

        // round 1 runs 0-9.5 s; of the nine ticks meanwhile one waits and runs at 9.5 s, the rest are dropped
        time.advanceTimeBy(Duration.ofMillis(9500));
        assertThat(job.rounds).hasValue(2);
        // then the period again: ticks at 10 to 15 s
        time.advanceTimeBy(Duration.ofMillis(5500));
        assertThat(job.rounds).hasValue(8);
        assertThat(job.maxConcurrent).hasValue(1);
        job.stop();
    }

    @Test
    void jitteredWaitsStayWithinTheirBoundsAndCountFromTheEndOfTheRound() {
        var job = new CountingJob(Schedule.every("counting", Duration.ofMinutes(5), Duration.ofHours(1)).jittered(0.1)
                .on(time));
        job.roundTakes = Duration.ofMinutes(2);
        job.start();

        time.advanceTimeBy(Duration.ofDays(2));

        // the first wait is 4.5 to 5.5 minutes, each later one 54 to 66 minutes after the previous round ended
        assertThat(job.startedAt.get(0)).isBetween(Duration.ofSeconds(270), Duration.ofSeconds(330));
        assertThat(job.startedAt.size()).isBetween(2 * 24 * 60 / 68, 2 * 24 * 60 / 56 + 1);
        List<Duration> waits = new ArrayList<>();
        for (int i = 1; i < job.startedAt.size(); i++) {
            waits.add(job.startedAt.get(i).minus(job.startedAt.get(i - 1)).minus(job.roundTakes));
        }
        assertThat(waits).allSatisfy(w -> assertThat(w).isBetween(Duration.ofMinutes(54), Duration.ofMinutes(66)));
        // and they do vary
        assertThat(waits.stream().distinct().count()).isGreaterThan(1);
        job.stop();
    }

    @ParameterizedTest(name = "{0} at {1} -> {2}")
    @CsvSource(textBlock = """
            # nominal, random unit, wait
            PT1H,      0.0,         PT54M
            PT1H,      0.5,         PT1H
            PT1H,      0.999,       PT1H5M59.280S
            PT5M,      0.25,        PT4M45S
            """)
    void spreadsEachWaitTenPercentEitherSide(Duration nominal, double unit, Duration expected) {
        Schedule tenPercent = Schedule.every("any", Duration.ZERO, Duration.ofHours(1)).jittered(0.1);
        assertThat(tenPercent.jitteredWait(nominal, unit)).isEqualTo(expected);
    }

    @Test
    void refusesAJitterOfAWholePeriodOrMore() {
        assertThatThrownBy(() -> Schedule.every("any", Duration.ZERO, Duration.ofHours(1)).jittered(1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jitter");
    }

    /** Counts its rounds and when they start (in virtual time); fails the rounds listed, each takes {@code roundTakes} (the first {@code firstRoundTakes} if set). */
    class CountingJob extends PeriodicJob {

        final AtomicInteger rounds = new AtomicInteger();
        final List<Duration> startedAt = new ArrayList<>();
        final List<Integer> failing = new ArrayList<>();
        final AtomicInteger concurrent = new AtomicInteger();
        final AtomicInteger maxConcurrent = new AtomicInteger();
        Duration roundTakes = Duration.ZERO;
        Duration firstRoundTakes;

        CountingJob(Schedule schedule) {
            super(schedule);
        }

        @Override
        protected Mono<Long> round() {
            int n = rounds.incrementAndGet();
            startedAt.add(Duration.ofMillis(time.now(TimeUnit.MILLISECONDS)));
            if (failing.contains(n)) {
                return Mono.error(new IllegalStateException("round " + n));
            }
            maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            Duration takes = n == 1 && firstRoundTakes != null ? firstRoundTakes : roundTakes;
            Mono<Long> work = takes.isZero() ? Mono.just(1L) : Mono.delay(takes, time).thenReturn(1L);
            // before the end is signalled: the next round may start within that signal
            return work.doOnTerminate(concurrent::decrementAndGet);
        }
    }
}
