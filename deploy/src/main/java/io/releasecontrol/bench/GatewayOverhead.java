package io.releasecontrol.bench;

import io.releasecontrol.demo.GatewayClient;
import io.releasecontrol.runtime.identity.IdentityCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * What the gateway adds to a request (API key, authorization, rate limit, circuit breaker, identity
 * signing, proxying): the same GET to version-service through the gateway and directly (with the
 * identity header the gateway would have signed), one at a time, alternating which goes first, on
 * one HTTP/1.1 client with keep-alive, so both paths see the same machine load.
 */
final class GatewayOverhead {

    static final String PATH = "/api/v1/applications?size=1";

    record Result(double[] direct, double[] gateway) {
    }

    private final GatewayClient gateway;
    private final String directBase;
    private final IdentityCodec identity;

    GatewayOverhead(GatewayClient gateway, String directBase, String identitySecret) {
        this.gateway = gateway;
        this.directBase = directBase;
        this.identity = new IdentityCodec(identitySecret, Duration.ofMinutes(5), Clock.systemUTC());
    }

    Result run(int warmup, int requests) {
        for (int i = 0; i < warmup; i++) {
            time(direct());
            time(viaGateway());
        }
        double[] d = new double[requests];
        double[] g = new double[requests];
        for (int i = 0; i < requests; i++) {
            if (i % 2 == 0) {
                d[i] = time(direct());
                g[i] = time(viaGateway());
            } else {
                g[i] = time(viaGateway());
                d[i] = time(direct());
            }
        }
        Arrays.sort(d);
        Arrays.sort(g);
        return new Result(d, g);
    }

    private HttpRequest direct() {
        return HttpRequest.newBuilder(URI.create(directBase + PATH)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json")
                .header(IdentityCodec.HEADER, identity.sign("rc-bench", List.of("viewer"))).GET().build();
    }

    private HttpRequest viaGateway() {
        return gateway.request(PATH).GET().build();
    }

    /** Milliseconds from sending to the whole body read; any status but 200 stops the benchmark. */
    private double time(HttpRequest request) {
        try {
            long start = System.nanoTime();
            HttpResponse<byte[]> response = gateway.http().send(request, HttpResponse.BodyHandlers.ofByteArray());
            long nanos = System.nanoTime() - start;
            if (response.statusCode() != 200) {
                throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": "
                        + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8)
                        + (response.statusCode() == 429 ? " (raise RC_RATE_LIMIT_PER_SECOND/RC_RATE_LIMIT_BURST)" : ""));
            }
            return nanos / 1e6;
        } catch (IOException e) {
            throw new IllegalStateException(request.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
