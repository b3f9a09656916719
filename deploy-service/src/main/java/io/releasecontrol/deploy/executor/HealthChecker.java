package io.releasecontrol.deploy.executor;

import io.releasecontrol.deploy.DeployProperties;
import java.net.URI;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Post-deploy health checks: every configured endpoint of the environment must answer without a
 * 5xx within the environment's health timeout; a 5xx or a timeout fails the step.
 */
@Component
public class HealthChecker {

    private final DeployProperties props;
    private final WebClient web;

    public HealthChecker(DeployProperties props) {
        this.props = props;
        // a plain client: health endpoints are other hosts, not this service's codecs or filters
        this.web = WebClient.create();
    }

    /** Emits one line per endpoint checked; errors with {@link ExecutionFailedException} on the first bad one. */
    public Flux<OutputLine> check(String environment) {
        var env = props.environment(environment);
        if (env.healthChecks().isEmpty()) {
            return Flux.just(OutputLine.system("no health checks configured for " + environment));
        }
        return Flux.fromIterable(env.healthChecks()).concatMap(url -> checkOne(url, env));
    }

    private Mono<OutputLine> checkOne(URI url, DeployProperties.EnvironmentConfig env) {
        long started = System.nanoTime();
        return web.get().uri(url).exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value()))
                .timeout(env.healthTimeout())
                .onErrorMap(e -> !(e instanceof ExecutionFailedException), e -> new ExecutionFailedException(
                        "health check GET " + url + " failed: " + (e instanceof java.util.concurrent.TimeoutException
                                ? "no answer within " + env.healthTimeout() : e.toString()), null, List.of()))
                .flatMap(status -> {
                    long ms = (System.nanoTime() - started) / 1_000_000;
                    String line = "health check GET " + url + " -> " + status + " in " + ms + " ms";
                    return status >= 500
                            ? Mono.error(new ExecutionFailedException(line, null, List.of(line)))
                            : Mono.just(OutputLine.system(line));
                });
    }
}
