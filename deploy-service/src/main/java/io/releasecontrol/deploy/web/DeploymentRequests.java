package io.releasecontrol.deploy.web;

import io.releasecontrol.runtime.problem.ProblemException;
import java.util.List;

/** Request bodies of the deployment API, as clients send them (validated by {@link DeploymentRequestValidator}). */
final class DeploymentRequests {

    private DeploymentRequests() {
    }

    /** {@code POST /api/v1/deployments}. */
    record Create(String application, String environment, String version, String branch, String commit,
            String strategy, Canary canary, String executor, Options options, String rollbackOf, Boolean repair,
            Boolean hotfix, String reason, String scheduledAt) {

        static Builder builder() {
            return new Builder();
        }

        /** A request built in code (a git hook's, a promotion's): only what it sets, as a client would send it. */
        static final class Builder {
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

            Builder application(String value) {
                this.application = value;
                return this;
            }

            Builder environment(String value) {
                this.environment = value;
                return this;
            }

            Builder version(String value) {
                this.version = value;
                return this;
            }

            Builder branch(String value) {
                this.branch = value;
                return this;
            }

            Builder commit(String value) {
                this.commit = value;
                return this;
            }

            Builder strategy(String value) {
                this.strategy = value;
                return this;
            }

            Builder canary(Canary value) {
                this.canary = value;
                return this;
            }

            Builder executor(String value) {
                this.executor = value;
                return this;
            }

            Builder options(Options value) {
                this.options = value;
                return this;
            }

            Builder rollbackOf(String value) {
                this.rollbackOf = value;
                return this;
            }

            Builder repair(Boolean value) {
                this.repair = value;
                return this;
            }

            Builder hotfix(Boolean value) {
                this.hotfix = value;
                return this;
            }

            Builder reason(String value) {
                this.reason = value;
                return this;
            }

            Builder scheduledAt(String value) {
                this.scheduledAt = value;
                return this;
            }

            Create build() {
                return new Create(application, environment, version, branch, commit, strategy, canary, executor,
                        options, rollbackOf, repair, hotfix, reason, scheduledAt);
            }
        }
    }

    /** {@code POST /api/v1/promotions}: {@code version} succeeded in {@code from}, deploy it to {@code to}. */
    record Promotion(String application, String version, String from, String to, String strategy, Canary canary,
            String executor, Options options, Boolean hotfix, String reason) {
    }

    /** Body of approve (comment optional) and reject (comment required). */
    record DecisionBody(String comment) {

        static final int MAX_COMMENT = 1000;

        /**
         * The comment of a decision body that may be absent: blank is none; a missing one when
         * {@code requiredBecause} is given, or one over {@link #MAX_COMMENT} characters, is a 400.
         */
        static String commentOf(DecisionBody body, String requiredBecause) {
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

    /** Canary steps; {@code pause} is an ISO-8601 duration, or absent / {@code "manual"} for manual promotion. */
    record Canary(List<Integer> steps, String pause, Routing routing) {
    }

    record Routing(String userHashHeader, String regionHeader, List<String> regions, String cookie) {
    }

    record Options(Boolean skipBuild, Boolean skipMigration, String description, List<String> revertMigrations) {
    }

    /** Body of cancel / pause / resume / promote, all optional. */
    record Control(String reason) {
    }

    /** {@code PUT /api/v1/environments/{env}/maintenance}. */
    record Maintenance(Boolean enabled, String reason, String application) {
    }
}
