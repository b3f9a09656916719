package io.releasecontrol.deploy.deployment;

import static io.releasecontrol.runtime.validation.FieldMessages.REQUIRED;

import io.releasecontrol.deploy.strategy.CanaryPlan;
import io.releasecontrol.deploy.strategy.CanarySteps;
import io.releasecontrol.deploy.strategy.RoutingConfig;
import io.releasecontrol.deploy.validation.Names;
import io.releasecontrol.events.Strategy;
import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.runtime.validation.IsoDuration;
import io.releasecontrol.runtime.validation.IsoInstant;
import io.releasecontrol.runtime.validation.Matches;
import io.releasecontrol.runtime.validation.OneOf;
import io.releasecontrol.runtime.validation.Uuid;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Request bodies of the deployment API, as clients send them, with the rules of each field;
 * {@link DeploymentRequestChecks} holds those across fields and the entry points.
 */
public final class DeploymentRequests {

    /** The strategies' wire names ({@link Strategy#wire()}); absent is rolling. */
    static final String UNKNOWN_STRATEGY = "unknown strategy '{rejected}' (expected rolling, blue-green or canary)";
    /** The longest automatic pause between canary steps; longer waits are "manual" (promote resumes). */
    static final String MAX_CANARY_PAUSE = "P7D";

    private DeploymentRequests() {
    }

    /** The group of the constraints that apply only to a canary deployment: those of its {@link Canary} block. */
    interface CanaryStrategy {
    }

    /** {@code POST /api/v1/deployments}; the version is checked across fields, it may come from branch and commit. */
    public record Create(
            @NotBlank(message = REQUIRED) @Matches(Names.NAME) String application,
            @NotBlank(message = REQUIRED) @Matches(Names.NAME) String environment,
            String version, String branch, String commit,
            @OneOf(value = {"rolling", "blue-green", "canary"}, message = UNKNOWN_STRATEGY) String strategy,
            @Valid Canary canary,
            String executor, Options options,
            @Uuid(message = "must be a deployment id (UUID), got '{rejected}'") String rollbackOf,
            Boolean repair, Boolean hotfix, String reason,
            @IsoInstant(message = "must be an ISO-8601 UTC time such as 2026-03-01T10:15:30Z, got '{rejected}'")
            String scheduledAt) {

        public static Builder builder() {
            return new Builder();
        }

        /** The version, or {@code branch@commit} when only those are given; null when none of them is. */
        String versionToDeploy() {
            if (version != null && !version.isBlank()) {
                return version;
            }
            if ((branch == null || branch.isBlank()) && (commit == null || commit.isBlank())) {
                return null;
            }
            return (branch == null ? "" : branch) + (commit == null ? "" : "@" + commit);
        }

        /** The deployment this request asks for, once {@link DeploymentRequestChecks} passed it. */
        NewDeployment toNewDeployment(String requestedBy) {
            Strategy chosen = strategy == null ? Strategy.ROLLING : Strategy.fromWire(strategy);
            boolean isHotfix = Boolean.TRUE.equals(hotfix);
            Instant at = scheduledAt == null ? null : Instant.parse(scheduledAt).truncatedTo(ChronoUnit.MILLIS);
            var deploymentOptions = options == null
                    ? new DeploymentOptions(false, false, null, branch, commit, List.of(), isHotfix,
                            isHotfix ? reason : null, at)
                    : new DeploymentOptions(Boolean.TRUE.equals(options.skipBuild()),
                            Boolean.TRUE.equals(options.skipMigration()), options.description(), branch, commit,
                            options.revertMigrations(), isHotfix, isHotfix ? reason : null, at);
            return NewDeployment.builder().application(application).environment(environment)
                    .version(versionToDeploy()).strategy(chosen).executor(executor == null ? "simulated" : executor)
                    .canary(chosen == Strategy.CANARY ? canaryPlan(canary) : null).requestedBy(requestedBy)
                    .rollbackOf(rollbackOf == null ? null : UUID.fromString(rollbackOf)).options(deploymentOptions)
                    .repair(Boolean.TRUE.equals(repair)).build();
        }

        private static CanaryPlan canaryPlan(Canary c) {
            if (c == null) {
                return new CanaryPlan(CanaryPlan.DEFAULT_STEPS, null, null);
            }
            Duration pause = c.pause() == null || "manual".equals(c.pause()) ? null : Duration.parse(c.pause());
            var r = c.routing();
            return new CanaryPlan(c.steps() == null ? CanaryPlan.DEFAULT_STEPS : c.steps(), pause,
                    r == null ? null
                            : new RoutingConfig(r.userHashHeader(), r.regionHeader(), r.regions(), r.cookie()));
        }

        /** A request built in code (a git hook's, a promotion's): only what it sets, as a client would send it. */
        public static final class Builder {
            private String application;
            private String environment;
            private String version;
            private String branch;
            private String commit;
            private String strategy;
            private Canary canary;
            private String executor;
            private Options options;
            private String rollbackOf;
            private Boolean repair;
            private Boolean hotfix;
            private String reason;
            private String scheduledAt;

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

            public Builder branch(String value) {
                this.branch = value;
                return this;
            }

            public Builder commit(String value) {
                this.commit = value;
                return this;
            }

            public Builder strategy(String value) {
                this.strategy = value;
                return this;
            }

            public Builder canary(Canary value) {
                this.canary = value;
                return this;
            }

            public Builder executor(String value) {
                this.executor = value;
                return this;
            }

            public Builder options(Options value) {
                this.options = value;
                return this;
            }

            public Builder rollbackOf(String value) {
                this.rollbackOf = value;
                return this;
            }

            public Builder repair(Boolean value) {
                this.repair = value;
                return this;
            }

            public Builder hotfix(Boolean value) {
                this.hotfix = value;
                return this;
            }

            public Builder reason(String value) {
                this.reason = value;
                return this;
            }

            public Builder scheduledAt(String value) {
                this.scheduledAt = value;
                return this;
            }

            public Create build() {
                return new Create(application, environment, version, branch, commit, strategy, canary, executor,
                        options, rollbackOf, repair, hotfix, reason, scheduledAt);
            }
        }
    }

    /** {@code POST /api/v1/promotions}: {@code version} succeeded in {@code from}, deploy it to {@code to}. */
    public record Promotion(
            @NotBlank(message = REQUIRED) @Matches(Names.NAME) String application,
            @NotBlank(message = REQUIRED) @Matches(Names.VERSION) String version,
            @NotBlank(message = REQUIRED) @Matches(Names.NAME) String from,
            @NotBlank(message = REQUIRED) @Matches(Names.NAME) String to,
            @OneOf(value = {"rolling", "blue-green", "canary"}, message = UNKNOWN_STRATEGY) String strategy,
            @Valid Canary canary,
            String executor, Options options, Boolean hotfix, String reason) {

        /** The deployment request a promotion makes: its version to its {@code to}. */
        Create toCreate() {
            return Create.builder().application(application).environment(to).version(version).strategy(strategy)
                    .canary(canary).executor(executor).options(options).hotfix(hotfix).reason(reason).build();
        }
    }

    /** Body of approve (comment optional) and reject (comment required). */
    public record DecisionBody(String comment) {

        static final int MAX_COMMENT = 1000;

        /**
         * The comment of a decision body that may be absent: blank is none; a missing one when
         * {@code requiredBecause} is given, or one over {@link #MAX_COMMENT} characters, is a 400.
         */
        public static String commentOf(DecisionBody body, String requiredBecause) {
            String comment = body == null || body.comment() == null || body.comment().isBlank() ? null : body.comment();
            if (comment == null && requiredBecause != null) {
                throw ProblemException.invalid("comment", "is required: " + requiredBecause);
            }
            if (comment != null && comment.length() > MAX_COMMENT) {
                throw ProblemException.invalid("comment", "must be at most " + MAX_COMMENT + " characters, got "
                        + comment.length());
            }
            return comment;
        }
    }

    /**
     * Canary steps; {@code pause} is an ISO-8601 duration, or absent / {@code "manual"} for manual promotion.
     * Checked only for a canary deployment: another has no canary block.
     */
    public record Canary(
            @CanarySteps(groups = CanaryStrategy.class) List<Integer> steps,
            @IsoDuration(max = MAX_CANARY_PAUSE, or = "manual", groups = CanaryStrategy.class,
                    message = "must be an ISO-8601 duration such as PT30S, or \"manual\", got '{rejected}'",
                    outOfRange = "must be between PT0S and {max} (or \"manual\"), got {rejected}") String pause,
            @Valid Routing routing) {
    }

    public record Routing(String userHashHeader, String regionHeader, List<String> regions,
            @Matches(value = RoutingConfig.COOKIE, groups = CanaryStrategy.class,
                    message = "cookie must be name=value, got '{rejected}'") String cookie) {
    }

    public record Options(Boolean skipBuild, Boolean skipMigration, String description, List<String> revertMigrations) {
    }

    /** Body of cancel / pause / resume / promote, all optional. */
    public record Control(String reason) {
    }

    /** {@code PUT /api/v1/environments/{env}/maintenance}. */
    public record Maintenance(Boolean enabled, String reason, String application) {
    }
}
