package io.releasecontrol.orchestrator;

import io.releasecontrol.orchestrator.decision.Policy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * rollback-orchestrator settings ({@code rc.orchestrator.*}). Durations are 15 minutes in
 * production and seconds in tests, so every one of them is configuration.
 *
 * @param observation       how long a partial rollback is watched for recovery
 * @param stepTimeout       how long a command step waits for deploy-service; attempt n waits n times this
 * @param maxAttempts       tries of a command step before the saga fails and waits for a person
 * @param correlationWindow a breach correlates with a deployment that is active or ended less than this ago
 * @param impactThresholdPercent at or above this share of users a rollback is full (the runbook's 10 %)
 * @param switchBackWindow  a finished blue-green deployment is rolled back by switching traffic back to its
 *                          old colour for this long after it finished; must not exceed deploy-service's
 *                          {@code rc.deploy.blue-green.keep-old-colour} (else the switch-back is refused and
 *                          the saga falls back to a new deployment after the step timeout)
 * @param timerPoll         how often due deadlines are looked for (the durable timers' resolution)
 * @param timerBatch        due sagas handled per poll and instance
 * @param versionService    where version-service answers the rollback-target query
 * @param skipRollback      applications that never roll back automatically (schema-migration cases)
 * @param environments      per environment: approval policy and notification webhook
 * @param notifications     webhook delivery: attempts and back-off
 */
@ConfigurationProperties("rc.orchestrator")
public record OrchestratorProperties(
        Duration observation,
        Duration stepTimeout,
        Integer maxAttempts,
        Duration correlationWindow,
        Double impactThresholdPercent,
        Duration switchBackWindow,
        Duration timerPoll,
        Integer timerBatch,
        VersionService versionService,
        Set<String> skipRollback,
        Map<String, EnvironmentSettings> environments,
        NotificationDelivery notifications) {

    public OrchestratorProperties {
        observation = observation == null ? Duration.ofMinutes(15) : observation;
        stepTimeout = stepTimeout == null ? Duration.ofMinutes(5) : stepTimeout;
        maxAttempts = maxAttempts == null ? 3 : maxAttempts;
        correlationWindow = correlationWindow == null ? Duration.ofHours(1) : correlationWindow;
        impactThresholdPercent = impactThresholdPercent == null ? 10.0 : impactThresholdPercent;
        switchBackWindow = switchBackWindow == null ? Duration.ofHours(1) : switchBackWindow;
        timerPoll = timerPoll == null ? Duration.ofSeconds(1) : timerPoll;
        timerBatch = timerBatch == null ? 50 : timerBatch;
        versionService = versionService == null ? new VersionService(null, null) : versionService;
        skipRollback = skipRollback == null ? Set.of() : Set.copyOf(skipRollback);
        environments = environments == null ? Map.of() : Map.copyOf(environments);
        notifications = notifications == null ? new NotificationDelivery(null, null, null, null, null) : notifications;
    }

    public EnvironmentSettings environment(String name) {
        return environments.getOrDefault(name, new EnvironmentSettings(null, null));
    }

    /** The decision's policy for a target. */
    public Policy policy(String application, String environment) {
        return new Policy(correlationWindow, impactThresholdPercent,
                Boolean.TRUE.equals(environment(environment).approveFullRollback()), skipRollback.contains(application),
                switchBackWindow);
    }

    /**
     * @param url     base URLs of version-service (RC_VERSION_SERVICE_URL, comma-separated like the gateway's)
     * @param timeout per query; slower answers count as failures of the circuit breaker
     */
    public record VersionService(List<URI> url, Duration timeout) {
        public VersionService {
            url = url == null || url.isEmpty() ? List.of(URI.create("http://127.0.0.1:8081")) : List.copyOf(url);
            timeout = timeout == null ? Duration.ofSeconds(2) : timeout;
        }
    }

    /**
     * @param approveFullRollback a full rollback here waits for an operator (production by default)
     * @param webhook             where saga notifications of this environment are POSTed; none when null
     */
    public record EnvironmentSettings(Boolean approveFullRollback, URI webhook) {
        public EnvironmentSettings {
            // an unset variable arrives as an empty string: no webhook
            webhook = webhook == null || webhook.toString().isBlank() ? null : webhook;
        }
    }

    /**
     * @param maxAttempts    deliveries tried before a notification is given up (and logged)
     * @param initialBackoff wait after the first failure, doubled each time up to {@code maxBackoff}
     * @param poll           how often pending notifications are looked for
     * @param timeout        per delivery
     */
    public record NotificationDelivery(Integer maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration poll,
            Duration timeout) {
        public NotificationDelivery {
            maxAttempts = maxAttempts == null ? 8 : maxAttempts;
            initialBackoff = initialBackoff == null ? Duration.ofSeconds(2) : initialBackoff;
            maxBackoff = maxBackoff == null ? Duration.ofMinutes(5) : maxBackoff;
            poll = poll == null ? Duration.ofSeconds(1) : poll;
            timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
        }
    }

    /** The environments whose webhook is set, for logs. */
    public List<String> notifiedEnvironments() {
        return environments.entrySet().stream().filter(e -> e.getValue().webhook() != null).map(Map.Entry::getKey)
                .sorted().toList();
    }
}
