package io.releasecontrol.metrics.prometheus;

import io.releasecontrol.metrics.config.MetricsProperties;
import io.releasecontrol.metrics.ingest.IngestService;
import io.releasecontrol.metrics.ingest.SampleValidator;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Every {@code rc.metrics.prometheus.interval}, reads one sample per configured target from
 * Prometheus and puts it on the ingest path like any other sample. A failing target is logged and
 * skipped for that tick; the others go on.
 */
@Component
@ConditionalOnProperty(name = "rc.metrics.prometheus.enabled", havingValue = "true")
@EnableConfigurationProperties(PrometheusProperties.class)
public class PrometheusPull implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PrometheusPull.class);

    private final PrometheusProperties properties;
    private final PrometheusSource source;
    private final IngestService ingest;
    private final SampleValidator validator;
    private volatile Disposable ticks;

    public PrometheusPull(PrometheusProperties properties, IngestService ingest, MetricsProperties metrics) {
        this.properties = properties;
        this.source = new PrometheusSource(properties.url(), properties.timeout());
        this.ingest = ingest;
        this.validator = new SampleValidator(Clock.systemUTC(), metrics.maxFutureSkew());
    }

    /** One pull of every target; completes with the number of samples ingested. */
    public Mono<Integer> pullOnce(Instant at) {
        return Flux.fromIterable(properties.targets())
                .flatMap(t -> source.sample(t, at).onErrorResume(e -> {
                    log.warn("prometheus pull for {}:{} failed: {}", t.application(), t.environment(), e.getMessage());
                    return Mono.empty();
                }))
                .filter(s -> {
                    var errors = validator.validate(s);
                    if (!errors.isEmpty()) {
                        log.warn("prometheus sample for {} refused: {}", s.key(), errors);
                    }
                    return errors.isEmpty();
                })
                .collectList()
                .flatMap(samples -> {
                    IngestService.Batch batch = new IngestService.Batch();
                    samples.forEach(s -> ingest.evaluate(s, null, batch));
                    return ingest.complete(batch).thenReturn(samples.size());
                });
    }

    @Override
    public void start() {
        ticks = Flux.interval(properties.interval())
                .concatMap(i -> pullOnce(Instant.now().truncatedTo(ChronoUnit.MILLIS)).onErrorResume(e -> {
                    log.warn("prometheus pull failed: {}", e.getMessage());
                    return Mono.empty();
                }))
                .subscribe();
        log.info("pulling {} target(s) from {} every {}", properties.targets().size(), properties.url(),
                properties.interval());
    }

    @Override
    public void stop() {
        if (ticks != null) {
            ticks.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return ticks != null && !ticks.isDisposed();
    }
}
