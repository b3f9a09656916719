package io.releasecontrol.metrics.policy;

import io.releasecontrol.metrics.config.MetricsProperties;
import io.releasecontrol.metrics.evaluation.Evaluator;
import io.releasecontrol.metrics.gate.GateLookup;
import io.releasecontrol.metrics.gate.GateProperties;
import io.releasecontrol.metrics.gate.GateSettings;
import io.releasecontrol.metrics.prometheus.PrometheusQueries;
import io.releasecontrol.metrics.prometheus.TemplateLookup;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * This instance's analysis policies: what the engine evaluates each target with, the step gate
 * of a target, and the templates the Prometheus pull reads a target's samples with. Loaded at start;
 * a write here applies at once, one through another instance when its event arrives ({@link
 * AnalysisChangeListener}), and every {@code rc.metrics.rules-refresh} all are reloaded in case an
 * event was missed.
 */
@Component
@EnableConfigurationProperties(GateProperties.class)
public class AnalysisPolicies implements TemplateLookup, GateLookup {

    private static final Logger log = LoggerFactory.getLogger(AnalysisPolicies.class);

    private final Evaluator evaluator;
    private final PolicyRepository repository;
    private final Duration maxWindow;
    private final GateSettings gateDefaults;
    private volatile PolicySet set = PolicySet.EMPTY;

    AnalysisPolicies(Evaluator evaluator, PolicyRepository repository, MetricsProperties properties,
            GateProperties gate) {
        this.evaluator = evaluator;
        this.repository = repository;
        this.maxWindow = properties.retention();
        this.gateDefaults = gate.settings();
    }

    @EventListener(ApplicationReadyEvent.class)
    @Scheduled(fixedDelayString = MetricsProperties.RULES_REFRESH, initialDelayString = MetricsProperties.RULES_REFRESH)
    void reload() {
        try {
            replaceAll(repository.findAll(maxWindow).collectList().block(Duration.ofSeconds(30)));
        } catch (RuntimeException e) {
            log.warn("could not reload analysis policies, keeping the current ones: {}", e.getMessage());
        }
    }

    /**
     * The evidence a deployment step of {@code application} in {@code environment} needs: the gate of
     * the application+environment policy, else of the application's policy, else the configured defaults ({@code rc.metrics.gate.*}).
     */
    @Override
    public GateSettings gateFor(String application, String environment) {
        return set.gateFor(application, environment, gateDefaults).settings();
    }

    /** The Prometheus pull's templates of a target: those of its most specific policy that has some. */
    @Override
    public PrometheusQueries queries(String application, String environment) {
        PolicySet.Templates t = set.prometheusFor(application, environment);
        return t == null ? null : t.queries();
    }

    PolicySet.Templates prometheusWithSource(String application, String environment) {
        return set.prometheusFor(application, environment);
    }

    PolicySet.Gate gateWithSource(String application, String environment) {
        return set.gateFor(application, environment, gateDefaults);
    }

    /** The stored policy of exactly this scope (environment null: the application-wide one). */
    Optional<AnalysisPolicy> policy(String application, String environment) {
        return Optional.ofNullable(set.find(application, environment));
    }

    /** Replaces every policy (a reload); the engine re-resolves targets only when something changed. */
    synchronized void replaceAll(Collection<AnalysisPolicy> policies) {
        install(policies.stream().collect(Collectors.toMap(AnalysisPolicy::key, p -> p)));
    }

    synchronized void put(AnalysisPolicy policy) {
        Map<String, AnalysisPolicy> next = new HashMap<>(set.byKey());
        next.put(policy.key(), policy);
        install(next);
    }

    synchronized void remove(String application, String environment) {
        Map<String, AnalysisPolicy> next = new HashMap<>(set.byKey());
        next.remove(AnalysisPolicy.key(application, environment));
        install(next);
    }

    private void install(Map<String, AnalysisPolicy> next) {
        if (next.equals(set.byKey())) {
            return;
        }
        log.info("analysis policies from {} -> {}", set.byKey().keySet(), next.keySet());
        set = new PolicySet(next);
        evaluator.resolver(set);
    }
}
