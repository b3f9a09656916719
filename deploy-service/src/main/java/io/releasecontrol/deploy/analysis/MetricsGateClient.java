package io.releasecontrol.deploy.analysis;

import io.releasecontrol.runtime.identity.IdentityCodec;
import io.releasecontrol.runtime.identity.TrustedIdentity;
import io.releasecontrol.runtime.outbound.ServiceClient;
import io.releasecontrol.runtime.problem.ProblemException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Asks metrics-service whether a gated step may advance ({@code GET /api/v1/metrics/gate}), behind
 * a circuit breaker and time limiter. Never errors: an outage is an answer ({@link GateAnswer#UNAVAILABLE})
 * that holds the step — the gate fails safe. Signs its own viewer identity, as the gateway would.
 */
@Component
public class MetricsGateClient {

    static final String BREAKER = "metrics-service";
    static final String SUBJECT = "deploy-service";
    private static final Logger log = LoggerFactory.getLogger(MetricsGateClient.class);

    private final ServiceClient metricsService;

    MetricsGateClient(ReactiveResilience4JCircuitBreakerFactory breakers, ObjectProvider<IdentityCodec> identity,
            AnalysisProperties props) {
        // the same breaker settings as deploy-service's other calls, refusals (ProblemException) ignored
        this.metricsService = new ServiceClient(breakers, BREAKER, List.of(props.url()), props.timeout(),
                new ServiceClient.Caller(SUBJECT, identity), ProblemException.class);
    }

    /** The gate's verdict on {@code version} with the evidence since {@code since} (null: just read the clock). */
    public Mono<GateAnswer> check(String application, String environment, String version, Instant since) {
        return metricsService.call(web -> web.get()
                .uri(b -> {
                    b.path("/api/v1/metrics/gate").queryParam("application", application)
                            .queryParam("environment", environment).queryParam("version", version);
                    if (since != null) {
                        b.queryParam("since", since.toString());
                    }
                    return b.build();
                })
                .headers(metricsService.signedAs(TrustedIdentity.VIEWER))
                .retrieve().bodyToMono(Verdict.class).map(Verdict::answer),
                e -> {
                    String why = metricsService.describe(e);
                    log.warn("gate of {} {} in {} not asked: metrics-service unavailable ({}); the step holds",
                            application, version, environment, why);
                    return Mono.just(GateAnswer.unavailable(why));
                });
    }

    /** The fields of metrics-service's GateVerdict this side reads. */
    record Verdict(String verdict, String reason, Long requests, Long minRequests, Long samples, Long minSamples,
            Double trafficPercent, String baseline, Instant clock, Gate gate) {

        record Gate(Duration maxWait, String onTimeout, Duration bake) {
        }

        GateAnswer answer() {
            return new GateAnswer(verdict == null ? "inconclusive" : verdict, reason, n(requests), n(minRequests),
                    n(samples), n(minSamples), trafficPercent, baseline, clock, gate == null ? null : gate.maxWait(),
                    gate == null || !"fail".equals(gate.onTimeout()), gate == null ? null : gate.bake());
        }

        private static long n(Long v) {
            return v == null ? 0 : v;
        }
    }
}
