package io.releasecontrol.gateway.observability;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Writes the access lines in batches, every {@link #INTERVAL_MS} ms, on its own thread: a request
 * only appends its line to a lock-free queue. An asynchronous appender would wake its worker for
 * every line, a thread switch per request that on two cores shows in the gateway's latency tail
 * (the benchmark counts one per request). A line is written at most {@link #INTERVAL_MS} ms after
 * its response left; none is dropped: beyond {@link #MAX_WAITING} waiting lines (the console cannot
 * keep up) the request's own thread writes its line, and stopping writes what is left.
 */
@Component
public class AccessLogWriter implements SmartLifecycle {

    static final long INTERVAL_MS = 100;
    static final int MAX_WAITING = 65_536;
    private static final Logger access = LoggerFactory.getLogger("io.releasecontrol.gateway.access");

    /** What one line says; formatted by the writer, not by the event loop. */
    record Line(Object caller, String route, Object method, String path, int status, long durationMs,
            String correlationId, String traceId) {
    }

    private final long intervalMs;
    private final int maxWaiting;
    private final ConcurrentLinkedQueue<Line> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private volatile ScheduledExecutorService writer;

    public AccessLogWriter() {
        this(INTERVAL_MS, MAX_WAITING);
    }

    AccessLogWriter(long intervalMs, int maxWaiting) {
        this.intervalMs = intervalMs;
        this.maxWaiting = maxWaiting;
    }

    /** Queues the line (or writes it now when too many wait or the writer is not running). */
    void add(Line line) {
        if (!access.isInfoEnabled()) {
            return;
        }
        if (writer == null || size.get() >= maxWaiting) {
            write(line);
            return;
        }
        size.incrementAndGet();
        waiting.add(line);
    }

    /** Writes every waiting line; on the writer's thread, and once more on stop. */
    void drain() {
        Line line;
        while ((line = waiting.poll()) != null) {
            size.decrementAndGet();
            write(line);
        }
    }

    private static void write(Line l) {
        access.info("caller={} route={} method={} path={} status={} duration={}ms correlationId={} traceId={}",
                l.caller(), l.route(), l.method(), l.path(), l.status(), l.durationMs(), l.correlationId(), l.traceId());
    }

    @Override
    public void start() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "access-log");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::drainQuietly, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
        writer = executor;
    }

    private void drainQuietly() {
        try {
            drain();
        } catch (RuntimeException e) {
            // a failing appender must not stop the schedule
            LoggerFactory.getLogger(AccessLogWriter.class).warn("writing access lines failed: {}", e.toString());
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = writer;
        writer = null;
        if (executor != null) {
            executor.shutdown();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        drain();
    }

    @Override
    public boolean isRunning() {
        return writer != null;
    }

    @Override
    public int getPhase() {
        // stops after the web server (which stops at a higher phase), so the last requests' lines are written
        return SmartLifecycle.DEFAULT_PHASE - 2048;
    }
}
