package io.releasecontrol.metrics.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

class PrometheusPullScheduleTest {

    @Test
    void aPullSlowerThanTheIntervalSkipsTicksAndTheScheduleGoesOn() throws Exception {
        // pulls of 60 ms every 20 ms: before the drop the schedule died at the second tick of the first pull
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlapped = new AtomicInteger();
        Disposable schedule = PrometheusPull.every(Duration.ofMillis(20), () -> Mono.fromCallable(() -> {
                    if (running.incrementAndGet() > 1) {
                        overlapped.incrementAndGet();
                    }
                    return 1;
                }).delayElement(Duration.ofMillis(60)).doFinally(s -> running.decrementAndGet()))
                .subscribe(n -> done.incrementAndGet(), e -> failed.incrementAndGet());
        try {
            Thread.sleep(700);
            assertThat(failed).as("the schedule ended with an error").hasValue(0);
            assertThat(schedule.isDisposed()).isFalse();
            assertThat(done.get()).as("pulls done in 700 ms").isBetween(5, 12);
            assertThat(overlapped).as("pulls never overlap").hasValue(0);
        } finally {
            schedule.dispose();
        }
    }

    @Test
    void aFailedPullIsLoggedAndTheNextOneRuns() throws Exception {
        // every other pull fails
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Disposable schedule = PrometheusPull.every(Duration.ofMillis(20), () -> calls.incrementAndGet() % 2 == 0
                        ? Mono.error(new IllegalStateException("prometheus is not answering"))
                        : Mono.just(1))
                .subscribe(n -> done.incrementAndGet());
        try {
            Thread.sleep(300);
            assertThat(calls.get()).isGreaterThan(6);
            assertThat(done.get()).isGreaterThan(3);
        } finally {
            schedule.dispose();
        }
    }
}
