package io.releasecontrol.deploy.deployment;

import io.releasecontrol.deploy.strategy.CanaryPlan;
import io.releasecontrol.events.Strategy;
import java.time.Instant;
import java.util.UUID;

/**
 * A validated request for a deployment, from the API or from a {@code StartDeployment} command.
 *
 * @param repair a repair deployment may run while maintenance mode is on (like a rollback)
 */
public record NewDeployment(
        String application,
        String environment,
        String version,
        Strategy strategy,
        String executor,
        CanaryPlan canary,
        String requestedBy,
        UUID rollbackOf,
        UUID sagaId,
        String requestId,
        DeploymentOptions options,
        boolean repair) {

    /** A request to fill in: no options, no repair, everything else null until set. */
    public static Builder builder() {
        return new Builder();
    }

    /** This request's fields, to change some of them. */
    public Builder toBuilder() {
        return builder().application(application).environment(environment).version(version).strategy(strategy)
                .executor(executor).canary(canary).requestedBy(requestedBy).rollbackOf(rollbackOf).sagaId(sagaId)
                .requestId(requestId).options(options).repair(repair);
    }

    /**
     * What the deployment created for this request is asked to do: this request under its id and
     * sequence; a canary plan only for the canary strategy.
     */
    public DeploymentSpec toSpec(UUID id, long sequence, Instant createdAt) {
        return new DeploymentSpec(id, application, environment, version, strategy, executor,
                strategy == Strategy.CANARY ? canary : null, requestedBy, rollbackOf, sagaId, requestId, sequence,
                options, createdAt);
    }

    /** Names the fields of a request; the same fields, with an id, sequence and time, make a {@link DeploymentSpec}. */
    public static final class Builder {
        private String application;
        private String environment;
        private String version;
        private Strategy strategy;
        private String executor;
        private CanaryPlan canary;
        private String requestedBy;
        private UUID rollbackOf;
        private UUID sagaId;
        private String requestId;
        private DeploymentOptions options = DeploymentOptions.NONE;
        private boolean repair;

        private Builder() {
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

        public Builder strategy(Strategy value) {
            this.strategy = value;
            return this;
        }

        public Builder executor(String value) {
            this.executor = value;
            return this;
        }

        public Builder canary(CanaryPlan value) {
            this.canary = value;
            return this;
        }

        public Builder requestedBy(String value) {
            this.requestedBy = value;
            return this;
        }

        public Builder rollbackOf(UUID value) {
            this.rollbackOf = value;
            return this;
        }

        public Builder sagaId(UUID value) {
            this.sagaId = value;
            return this;
        }

        public Builder requestId(String value) {
            this.requestId = value;
            return this;
        }

        public Builder options(DeploymentOptions value) {
            this.options = value;
            return this;
        }

        public Builder repair(boolean value) {
            this.repair = value;
            return this;
        }

        public NewDeployment build() {
            return new NewDeployment(application, environment, version, strategy, executor, canary, requestedBy,
                    rollbackOf, sagaId, requestId, options, repair);
        }
    }
}
