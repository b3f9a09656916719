package io.releasecontrol.gateway.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import reactor.core.publisher.Mono;

/**
 * Buckets in this JVM: exact for one gateway instance, per instance when there are several (then
 * use Redis). Idle buckets are dropped once they would be full again, so memory stays bounded by
 * the callers active in the last {@code burst / rate} seconds.
 */
class InMemoryTokenBuckets implements TokenBuckets {

    private final double rate;
    private final int burst;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private long lastSweep;

    InMemoryTokenBuckets(double replenishPerSecond, int burst, LongSupplier nanoClock) {
        this.rate = replenishPerSecond;
        this.burst = burst;
        this.nanoClock = nanoClock;
        this.lastSweep = nanoClock.getAsLong();
    }

    @Override
    public Mono<Decision> take(String caller) {
        return Mono.fromSupplier(() -> takeNow(caller));
    }

    Decision takeNow(String caller) {
        long now = nanoClock.getAsLong();
        sweep(now);
        Bucket bucket = buckets.computeIfAbsent(caller, k -> new Bucket(burst, now));
        synchronized (bucket) {
            double elapsed = (now - bucket.updated) / 1e9;
            bucket.tokens = Math.min(burst, bucket.tokens + elapsed * rate);
            bucket.updated = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return new Decision(true, (long) bucket.tokens, null);
            }
            return new Decision(false, 0, TokenBuckets.retryAfter(bucket.tokens, rate));
        }
    }

    private void sweep(long now) {
        long fullAfterNanos = (long) (burst / rate * 1e9);
        if (now - lastSweep < fullAfterNanos) {
            return;
        }
        lastSweep = now;
        buckets.values().removeIf(b -> now - b.updated > fullAfterNanos);
    }

    int size() {
        return buckets.size();
    }

    @Override
    public String describe() {
        return "in-memory (per gateway instance)";
    }

    private static final class Bucket {
        double tokens;
        long updated;

        Bucket(double tokens, long updated) {
            this.tokens = tokens;
            this.updated = updated;
        }
    }
}
