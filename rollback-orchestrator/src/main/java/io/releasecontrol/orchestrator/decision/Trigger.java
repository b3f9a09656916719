package io.releasecontrol.orchestrator.decision;

import io.releasecontrol.events.alert.BreachEvent;
import io.releasecontrol.events.alert.DataCorruptionReported;
import io.releasecontrol.events.alert.Evidence;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What asks for a decision: a breach, a corruption report or a person. The evidence fields are
 * null for a corruption report or a manual rollback.
 *
 * @param cause          breach, manual or corruption (the saga's {@code cause})
 * @param version        the version the trigger is about (the breaching one); null for a manual rollback
 * @param action         the rule's action: rollback or alert (dry-run for a rule in dry-run mode); null unless a breach
 * @param requestedVersion a manual rollback's explicit target version, else null
 * @param requestedBy    who asked (a person, or the rule)
 * @param dryRunAction   for a dry-run rule's breach: the action it would have asked for (rollback or alert), else null
 */
public record Trigger(
        String cause,
        String application,
        String environment,
        String version,
        String action,
        String rule,
        String metric,
        Double observed,
        Double threshold,
        Duration window,
        Integer samples,
        String statistic,
        Double trafficPercent,
        String requestedVersion,
        String requestedBy,
        String description,
        Instant at,
        String dryRunAction) {

    public static final String BREACH = "breach";
    /** The action of a breach of a rule in dry-run mode. */
    public static final String DRY_RUN = "dry-run";
    public static final String MANUAL = "manual";
    public static final String CORRUPTION = "corruption";

    /** A breach of a dry-run rule: recorded, never acted on. */
    public boolean dryRun() {
        return BREACH.equals(cause) && DRY_RUN.equals(action);
    }

    /** A trigger with this cause; every other field is null until set. */
    public static Builder builder(String cause) {
        return new Builder(cause);
    }

    /** This trigger's fields, to change some of them. */
    public Builder toBuilder() {
        return builder(cause).application(application).environment(environment).version(version).action(action)
                .rule(rule).metric(metric).observed(observed).threshold(threshold).window(window).samples(samples)
                .statistic(statistic).trafficPercent(trafficPercent).requestedVersion(requestedVersion)
                .requestedBy(requestedBy).description(description).at(at).dryRunAction(dryRunAction);
    }

    public static Trigger breach(BreachEvent e) {
        Builder b = builder(BREACH).application(e.application()).environment(e.environment()).version(e.version())
                .action(e.action()).at(e.detectedAt());
        Evidence ev = e.evidence();
        return ev == null ? b.requestedBy("metrics-service").build()
                : b.evidence(ev).requestedBy("rule " + ev.rule()).build();
    }

    public static Trigger corruption(DataCorruptionReported e) {
        return builder(CORRUPTION).application(e.application()).environment(e.environment()).version(e.version())
                .requestedBy(e.reportedBy()).description(e.description()).at(e.reportedAt()).build();
    }

    public static Trigger manual(String application, String environment, String targetVersion, String by,
            String reason, Instant at) {
        return builder(MANUAL).application(application).environment(environment).requestedVersion(targetVersion)
                .requestedBy(by).description(reason).at(at).build();
    }

    /** Names the fields of a trigger: a breach sets the evidence, a manual rollback or a report leaves it null. */
    public static final class Builder {
        private final String cause;
        private String application;
        private String environment;
        private String version;
        private String action;
        private String rule;
        private String metric;
        private Double observed;
        private Double threshold;
        private Duration window;
        private Integer samples;
        private String statistic;
        private Double trafficPercent;
        private String requestedVersion;
        private String requestedBy;
        private String description;
        private Instant at;
        private String dryRunAction;

        private Builder(String cause) {
            // the decision switches on it: a trigger without one is a bug of its maker
            this.cause = Objects.requireNonNull(cause, "cause");
        }

        public Builder application(String value) {
            this.application = value;
            return this;
        }

        public Builder environment(String value) {
            this.environment = value;
            return this;
        }

        public Builder version(String value) {
            this.version = value;
            return this;
        }

        public Builder action(String value) {
            this.action = value;
            return this;
        }

        public Builder rule(String value) {
            this.rule = value;
            return this;
        }

        public Builder metric(String value) {
            this.metric = value;
            return this;
        }

        public Builder observed(Double value) {
            this.observed = value;
            return this;
        }

        public Builder threshold(Double value) {
            this.threshold = value;
            return this;
        }

        public Builder window(Duration value) {
            this.window = value;
            return this;
        }

        public Builder samples(Integer value) {
            this.samples = value;
            return this;
        }

        public Builder statistic(String value) {
            this.statistic = value;
            return this;
        }

        public Builder trafficPercent(Double value) {
            this.trafficPercent = value;
            return this;
        }

        public Builder requestedVersion(String value) {
            this.requestedVersion = value;
            return this;
        }

        public Builder requestedBy(String value) {
            this.requestedBy = value;
            return this;
        }

        public Builder description(String value) {
            this.description = value;
            return this;
        }

        public Builder at(Instant value) {
            this.at = value;
            return this;
        }

        public Builder dryRunAction(String value) {
            this.dryRunAction = value;
            return this;
        }

        /** The numbers of a breach's evidence: its rule, metric, observed value against threshold, and so on. */
        public Builder evidence(Evidence ev) {
            return rule(ev.rule()).metric(ev.metric()).observed(ev.observed()).threshold(ev.threshold())
                    .window(ev.window()).samples(ev.samples()).statistic(ev.statistic())
                    .trafficPercent(ev.trafficPercent()).dryRunAction(ev.dryRunAction());
        }

        public Trigger build() {
            return new Trigger(cause, application, environment, version, action, rule, metric, observed, threshold,
                    window, samples, statistic, trafficPercent, requestedVersion, requestedBy, description, at,
                    dryRunAction);
        }
    }
}
