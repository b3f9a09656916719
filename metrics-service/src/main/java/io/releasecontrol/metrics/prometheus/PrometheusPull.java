package io.releasecontrol.metrics.prometheus;

import io.releasecontrol.metrics.config.MetricsProperties;
import io.releasecontrol.metrics.deployment.RunningVersions;
import io.releasecontrol.metrics.deployment.ServerRole;
import io.releasecontrol.metrics.ingest.SamplePublisher;
import io.releasecontrol.metrics.ownership.OwnedTargets;
import io.releasecontrol.metrics.ingest.SampleChecks;
import io.releasecontrol.metrics.prometheus.PrometheusSource.SampleQueries;
import jakarta.validation.Validator;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
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
 * Every {@code rc.metrics.prometheus.interval}, reads from Prometheus the samples of every version
 * each target runs (as {@link RunningVersions} learned them from the deployment events), with the
 * templates of the target's most specific analysis policy that has some, plus one sample per
 * statically configured target, and puts them on {@code rc.metric-samples} like any other sample —
 * only for the targets whose partition this instance owns, so each target has one puller. A failing
 * version's queries are logged and skipped for that tick; the others go on. At most
 * {@code max-queries} queries a tick: the versions past it wait, and the next tick starts one
 * version further, so every version is pulled in turn. Each version's templates get the router
 * server it runs behind as {@code {role}}; a version whose role is not known is not pulled with
 * templates that need it.
 */
@Component
@ConditionalOnProperty(name = "rc.metrics.prometheus.enabled", havingValue = "true")
@EnableConfigurationProperties(PrometheusProperties.class)
public class PrometheusPull implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PrometheusPull.class);
    /** versions queried at once (each sends its fields' queries at once) */
    private static final int CONCURRENCY = 8;

    private final PrometheusProperties properties;
    private final PrometheusSource source;
    private final SamplePublisher publisher;
    private final SampleChecks checks;
    private final RunningVersions running;
    private final TemplateLookup templates;
    private final OwnedTargets owned;
    private final AtomicLong ticks = new AtomicLong();
    private volatile int lastWaiting;
    /** "application:environment version" left out of the last plan for want of a role; logged on change */
    private volatile List<String> lastRoleUnknown = List.of();
    private volatile Disposable schedule;

    public PrometheusPull(PrometheusProperties properties, SamplePublisher publisher, MetricsProperties metrics,
            RunningVersions running, TemplateLookup templates, OwnedTargets owned, Validator validator) {
        for (PrometheusProperties.Target t : properties.targets()) {
            for (String field : t.queries().keySet()) {
                if (!PrometheusSource.FIELDS.contains(field)) {
                    throw new IllegalArgumentException("unknown sample field '" + field + "' in the queries of "
                            + t.application() + ":" + t.environment() + " (known: " + PrometheusSource.FIELDS + ")");
                }
            }
        }
        this.properties = properties;
        this.source = new PrometheusSource(properties.url(), properties.timeout());
        this.publisher = publisher;
        this.checks = new SampleChecks(validator, metrics.maxFutureSkew());
        this.running = running;
        this.templates = templates;
        this.owned = owned;
    }

    /** One pull; completes with the number of samples ingested. */
    public Mono<Integer> pullOnce(Instant at) {
        // one puller per target: the instance that owns its partition (and evaluates its samples)
        return Flux.defer(() -> Flux.fromIterable(plan()))
                .filterWhen(q -> owned.owns(q.application(), q.environment()))
                .collectList()
                .flatMapMany(plan -> Flux.fromIterable(due(plan)))
                .flatMap(q -> source.samples(q, at).onErrorResume(e -> {
                    log.warn("prometheus pull of {}:{} {} failed: {}", q.application(), q.environment(), q.version(),
                            e.getMessage());
                    return Mono.empty();
                }), CONCURRENCY)
                .filter(s -> {
                    var errors = checks.errors(s);
                    if (!errors.isEmpty()) {
                        log.warn("prometheus sample for {} {} {} refused: {}", s.key(), s.version(), s.instance(),
                                errors);
                    }
                    return errors.isEmpty();
                })
                .collectList()
                .flatMap(samples -> publisher.publish(samples).thenReturn(samples.size()));
    }

    /**
     * What to query now: the static targets, then every running version of every target with
     * templates — but a version whose role is not known, where a template needs {@code {role}}.
     */
    List<SampleQueries> plan() {
        List<SampleQueries> plan = new ArrayList<>();
        List<String> roleUnknown = new ArrayList<>();
        properties.targets().forEach(t -> plan.add(SampleQueries.of(t)));
        running.targets().stream()
                .sorted(Comparator.comparing(RunningVersions.Target::application)
                        .thenComparing(RunningVersions.Target::environment))
                .forEach(t -> {
                    PrometheusQueries queries = templates.queries(t.application(), t.environment());
                    if (queries == null) {
                        return;
                    }
                    for (String v : t.versions()) {
                        ServerRole role = t.role(v).orElse(null);
                        if (role == null && queries.uses(QueryTemplate.ROLE)) {
                            // no guess: a canary read from the stable server would be judged on the stable's numbers
                            roleUnknown.add(t.application() + ":" + t.environment() + " " + v);
                        } else {
                            plan.add(SampleQueries.of(t.application(), t.environment(), v, role, queries));
                        }
                    }
                });
        if (!roleUnknown.equals(lastRoleUnknown)) {
            log.warn("prometheus pull: version(s) not pulled, their templates use {role} and their deployment's"
                    + " strategy is not known (its start was missed), from {} -> {}", lastRoleUnknown, roleUnknown);
            lastRoleUnknown = List.copyOf(roleUnknown);
        }
        return plan;
    }

    /** As many of {@code plan} as {@code max-queries} allows, starting one further each tick. */
    private List<SampleQueries> due(List<SampleQueries> plan) {
        List<SampleQueries> due = new ArrayList<>();
        int budget = properties.maxQueries();
        int start = plan.isEmpty() ? 0 : (int) (ticks.getAndIncrement() % plan.size());
        for (int i = 0; i < plan.size(); i++) {
            SampleQueries q = plan.get((start + i) % plan.size());
            budget -= q.queries().size();
            if (budget < 0) {
                break;
            }
            due.add(q);
        }
        int waiting = plan.size() - due.size();
        if (waiting != lastWaiting) {
            log.warn("prometheus pull: {} of {} version(s) wait for a later pull (over rc.metrics.prometheus"
                    + ".max-queries={} a pull), from {} -> {}", waiting, plan.size(), properties.maxQueries(),
                    lastWaiting, waiting);
            lastWaiting = waiting;
        }
        return due;
    }

    @Override
    public void start() {
        schedule = every(properties.interval(), () -> pullOnce(Instant.now().truncatedTo(ChronoUnit.MILLIS)))
                .subscribe();
        log.info("pulling {} static target(s) and the analysis policies' templates from {} every {}",
                properties.targets().size(), properties.url(), properties.interval());
    }

    /**
     * {@code pull} every {@code interval}, pulls never overlapping. A pull that takes longer than the
     * interval makes the ticks during it go by (the next pull starts at the next tick after it):
     * without the drop, {@code interval} fails with "Could not emit tick ... due to lack of requests"
     * as soon as one pull is slow, and the schedule ended for good, silently (seen with a 1 s interval
     * on a loaded machine). A failed pull is logged, the next one runs as planned.
     */
    static Flux<Integer> every(java.time.Duration interval, java.util.function.Supplier<Mono<Integer>> pull) {
        return Flux.interval(interval)
                .onBackpressureDrop()
                .concatMap(i -> Mono.defer(pull).onErrorResume(e -> {
                    log.warn("prometheus pull failed: {}", e.getMessage());
                    return Mono.empty();
                }), 0);
    }

    @Override
    public void stop() {
        if (schedule != null) {
            schedule.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return schedule != null && !schedule.isDisposed();
    }
}
