package io.releasecontrol.demo.real;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded load generator: {@code perSecond} GET requests a second to one 127.0.0.1 URL (the
 * HAProxy frontend) with the JDK's HTTP client, for at most {@code limit}, then it stops by itself.
 * Requests are sent in ticks of 10 ms and not awaited by the sender, so a slow answer never slows the
 * rate; at most 64 are in flight (more are counted as skipped, never queued).
 */
public final class Load implements AutoCloseable {

    private static final int MAX_IN_FLIGHT = 64;

    private final java.util.concurrent.ExecutorService io = Executors.newFixedThreadPool(4, daemon("load-io"));
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).executor(io).build();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon("load-tick"));
    private final HttpRequest request;
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();

    private Load(String url, int perSecond, Duration limit) {
        URI uri = URI.create(url);
        if (!"127.0.0.1".equals(uri.getHost())) {
            throw new IllegalArgumentException("the load generator sends to 127.0.0.1 only, not " + uri.getHost());
        }
        request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
        double perTick = perSecond / 100.0;
        double[] owed = {0};
        ticker.scheduleAtFixedRate(() -> {
            owed[0] += perTick;
            while (owed[0] >= 1) {
                owed[0] -= 1;
                send();
            }
        }, 0, 10, TimeUnit.MILLISECONDS);
        ticker.schedule(ticker::shutdown, limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts sending at once; it ends after {@code limit} or at {@link #close()}, whichever is first. */
    public static Load start(String url, int perSecond, Duration limit) {
        return new Load(url, perSecond, limit);
    }

    private void send() {
        if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
            inFlight.decrementAndGet();
            skipped.incrementAndGet();
            return;
        }
        sent.incrementAndGet();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
            inFlight.decrementAndGet();
            if (e == null && r.statusCode() < 500) {
                ok.incrementAndGet();
            } else {
                failed.incrementAndGet();
            }
        });
    }

    public long sent() {
        return sent.get();
    }

    /** answers 5xx, or no answer */
    public long failed() {
        return failed.get();
    }

    public long ok() {
        return ok.get();
    }

    public long skipped() {
        return skipped.get();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        io.shutdownNow(); // HttpClient.close() is Java 21; its connections end with the executor and the JVM

    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
