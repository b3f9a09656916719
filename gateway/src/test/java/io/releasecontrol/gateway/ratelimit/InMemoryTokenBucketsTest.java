package io.releasecontrol.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class InMemoryTokenBucketsTest {

    private final AtomicLong nanos = new AtomicLong();
    private final InMemoryTokenBuckets buckets = new InMemoryTokenBuckets(2, 3, nanos::get);

    private void advanceMillis(long ms) {
        nanos.addAndGet(ms * 1_000_000);
    }

    @Test
    void burstPassesThenRefusesWithRetryAfter() {
        // a full bucket lets the burst through, counting down
        assertThat(buckets.takeNow("a").remaining()).isEqualTo(2);
        assertThat(buckets.takeNow("a").remaining()).isEqualTo(1);
        assertThat(buckets.takeNow("a").remaining()).isEqualTo(0);
        var refused = buckets.takeNow("a");
        assertThat(refused.allowed()).isFalse();
        // at 2 tokens per second one is back within half a second: Retry-After rounds up to 1 s
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void refillsAtTheConfiguredRateButNeverAboveBurst() {
        for (int i = 0; i < 3; i++) {
            buckets.takeNow("a");
        }
        advanceMillis(500);
        assertThat(buckets.takeNow("a").allowed()).isTrue();
        assertThat(buckets.takeNow("a").allowed()).isFalse();
        // a long idle time refills to the burst only
        advanceMillis(60_000);
        for (int i = 0; i < 3; i++) {
            assertThat(buckets.takeNow("a").allowed()).isTrue();
        }
        assertThat(buckets.takeNow("a").allowed()).isFalse();
    }

    @Test
    void callersHaveTheirOwnBuckets() {
        for (int i = 0; i < 3; i++) {
            buckets.takeNow("a");
        }
        assertThat(buckets.takeNow("a").allowed()).isFalse();
        assertThat(buckets.takeNow("b").allowed()).isTrue();
    }

    @Test
    void forgetsIdleCallers() {
        buckets.takeNow("a");
        buckets.takeNow("b");
        // after the time to refill fully (1.5 s) an idle bucket is the same as no bucket
        advanceMillis(2_000);
        buckets.takeNow("c");
        assertThat(buckets.size()).isEqualTo(1);
    }

    @Test
    void retryAfterIsAtLeastOneSecondAndRoundsUp() {
        assertThat(TokenBuckets.retryAfter(0.99, 100)).isEqualTo(Duration.ofSeconds(1));
        assertThat(TokenBuckets.retryAfter(0, 0.1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(TokenBuckets.retryAfter(0.5, 0.1)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void reactiveTakeDefersToTheCall() {
        StepVerifier.create(buckets.take("x")).assertNext(d -> assertThat(d.allowed()).isTrue()).verifyComplete();
    }

    @Test
    void localRedisIsDetectedByPing() {
        // Redis runs on this machine (see the brief); a closed port does not answer
        assertThat(RateLimitConfiguration.answersPing("127.0.0.1", io.releasecontrol.gateway.support.Ports.closed())).isFalse();
    }
}
