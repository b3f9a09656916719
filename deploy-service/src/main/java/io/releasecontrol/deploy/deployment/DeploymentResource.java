package io.releasecontrol.deploy.deployment;

import io.releasecontrol.deploy.strategy.RoutingConfig;
import io.releasecontrol.deploy.strategy.Step;
import io.releasecontrol.events.Strategy;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deployment as the API shows it (DESIGN §10): status, progress, current step, traffic weights
 * ({@code {stable, canary}} or {@code {blue, green}}), timings and links.
 *
 * @param routing  canary: the rules a traffic router applies for the canary's share
 * @param duration ISO-8601, once finished
 */
public record DeploymentResource(
        String id,
        String application,
        String environment,
        String version,
        String previousVersion,
        String strategy,
        String executor,
        String status,
        int progress,
        String currentStep,
        Map<String, Integer> traffic,
        CanaryView canary,
        RoutingConfig routing,
        String requestedBy,
        String rollbackOf,
        String sagaId,
        long sequence,
        Map<String, Object> options,
        String failureReason,
        Integer exitCode,
        Instant createdAt,
        Instant startedAt,
        Instant completedAt,
        String duration,
        boolean hotfix,
        String hotfixReason,
        Instant scheduledAt,
        ApprovalView approval,
        ChecklistView checklist,
        Map<String, String> links) {

    /**
     * The deployment's checklists: {@code waitingFor} says what keeps it PENDING (null once the
     * pre-deployment items are done).
     */
    public record ChecklistView(boolean complete, String waitingFor, List<ItemView> pre, List<ItemView> post) {
    }

    /**
     * One item: {@code kind} automatic or manual; {@code status} OPEN, PASSED, FAILED or CONFIRMED;
     * {@code confirm} the path to confirm it while that is possible.
     */
    public record ItemView(String id, String title, String kind, String check, String status, String detail,
            String confirmedBy, String comment, Instant at, String confirm) {
    }

    /** The approvals a deployment needs or needed: status WAITING, APPROVED, REJECTED or EXPIRED. */
    public record ApprovalView(String status, int required, long approvals, String approverRole, String reason,
            String freezeWindow, Instant expiresAt, Instant decidedAt, List<ApprovalGate.Vote> decisions) {
    }

    /** The canary's steps and pause ({@code "manual"} when each step waits for a promote). */
    public record CanaryView(List<Integer> steps, String pause, boolean promoted) {
    }

    public static DeploymentResource of(Deployment d) {
        return of(d, null);
    }

    static DeploymentResource of(Deployment d, ApprovalGate gate) {
        return of(d, gate, null);
    }

    /** With its approvals ({@code gate}) and checklists ({@code checklist}), each null when it has none. */
    static DeploymentResource of(Deployment d, ApprovalGate gate, ChecklistView checklist) {
        var s = d.spec();
        var st = d.state();
        String self = "/api/v1/deployments/" + s.id();
        Map<String, String> links = new LinkedHashMap<>();
        links.put("self", self);
        links.put("logs", self + "/logs");
        if (d.status().isActive()) {
            links.put("cancel", self + "/cancel");
            if (s.strategy() == Strategy.CANARY) {
                links.put("promote", self + "/promote");
                links.put(d.status().name().equals("PAUSED") ? "resume" : "pause",
                        self + (d.status().name().equals("PAUSED") ? "/resume" : "/pause"));
            } else if (Step.isGate(st.currentStep())) {
                // waiting at (or held by) the bake's evidence gate: promote past it with a reason, or resume the wait
                links.put("promote", self + "/promote");
                if (d.status().name().equals("PAUSED")) {
                    links.put("resume", self + "/resume");
                }
            }
        }
        if (gate != null && gate.status() == ApprovalGate.Status.WAITING && d.status().isActive()) {
            links.put("approve", self + "/approve");
            links.put("reject", self + "/reject");
        }
        if (s.rollbackOf() != null) {
            links.put("rollbackOf", "/api/v1/deployments/" + s.rollbackOf());
        }
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("skipBuild", s.options().skipBuild());
        options.put("skipMigration", s.options().skipMigration());
        if (s.options().description() != null) {
            options.put("description", s.options().description());
        }
        if (s.options().branch() != null) {
            options.put("branch", s.options().branch());
        }
        if (s.options().commit() != null) {
            options.put("commit", s.options().commit());
        }
        if (!s.options().revertMigrations().isEmpty()) {
            options.put("revertMigrations", s.options().revertMigrations());
        }
        var canary = s.canary() == null ? null : new CanaryView(s.canary().steps(),
                s.canary().manualPromotion() ? "manual" : s.canary().pause().toString(), st.promoted());
        String duration = st.startedAt() != null && st.completedAt() != null
                ? Duration.between(st.startedAt(), st.completedAt()).toString() : null;
        return builder().id(s.id().toString()).application(s.application()).environment(s.environment())
                .version(s.version()).previousVersion(st.previousVersion()).strategy(s.strategy().wire())
                .executor(s.executor()).status(d.status().name()).progress(st.progress())
                .currentStep(st.currentStep()).traffic(traffic(d)).canary(canary)
                .routing(s.canary() == null ? null : s.canary().routing()).requestedBy(s.requestedBy())
                .rollbackOf(s.rollbackOf() == null ? null : s.rollbackOf().toString())
                .sagaId(s.sagaId() == null ? null : s.sagaId().toString()).sequence(s.sequence()).options(options)
                .failureReason(st.failureReason()).exitCode(st.exitCode()).createdAt(s.createdAt())
                .startedAt(st.startedAt()).completedAt(st.completedAt()).duration(duration)
                .hotfix(s.options().hotfix()).hotfixReason(s.options().hotfixReason())
                .scheduledAt(s.options().scheduledAt()).approval(gate == null ? null : approval(gate))
                .checklist(checklist).links(links).build();
    }

    private static ApprovalView approval(ApprovalGate g) {
        var r = g.request();
        return new ApprovalView(g.status().name(), r.approvalsRequired(), g.approvals(), r.approverRole(), r.reason(),
                r.freezeWindow(), r.expiresAt(), g.decidedAt(), g.votes());
    }

    private static Map<String, Integer> traffic(Deployment d) {
        var t = d.state().traffic();
        Map<String, Integer> m = new LinkedHashMap<>();
        String colour = d.state().newColour();
        if (d.spec().strategy() == Strategy.BLUE_GREEN && colour != null) {
            m.put("blue", "blue".equals(colour) ? t.newPercent() : t.stablePercent());
            m.put("green", "green".equals(colour) ? t.newPercent() : t.stablePercent());
        } else {
            m.put("stable", t.stablePercent());
            m.put("canary", t.newPercent());
        }
        return m;
    }

    static Builder builder() {
        return new Builder();
    }

    /** Names the fields of the resource, so two of its many strings cannot trade places unnoticed. */
    static final class Builder {
        private String id;
        private String application;
        private String environment;
        private String version;
        private String previousVersion;
        private String strategy;
        private String executor;
        private String status;
        private int progress;
        private String currentStep;
        private Map<String, Integer> traffic;
        private CanaryView canary;
        private RoutingConfig routing;
        private String requestedBy;
        private String rollbackOf;
        private String sagaId;
        private long sequence;
        private Map<String, Object> options;
        private String failureReason;
        private Integer exitCode;
        private Instant createdAt;
        private Instant startedAt;
        private Instant completedAt;
        private String duration;
        private boolean hotfix;
        private String hotfixReason;
        private Instant scheduledAt;
        private ApprovalView approval;
        private ChecklistView checklist;
        private Map<String, String> links;

        private Builder() {
        }

        Builder id(String value) {
            this.id = value;
            return this;
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

        Builder previousVersion(String value) {
            this.previousVersion = value;
            return this;
        }

        Builder strategy(String value) {
            this.strategy = value;
            return this;
        }

        Builder executor(String value) {
            this.executor = value;
            return this;
        }

        Builder status(String value) {
            this.status = value;
            return this;
        }

        Builder progress(int value) {
            this.progress = value;
            return this;
        }

        Builder currentStep(String value) {
            this.currentStep = value;
            return this;
        }

        Builder traffic(Map<String, Integer> value) {
            this.traffic = value;
            return this;
        }

        Builder canary(CanaryView value) {
            this.canary = value;
            return this;
        }

        Builder routing(RoutingConfig value) {
            this.routing = value;
            return this;
        }

        Builder requestedBy(String value) {
            this.requestedBy = value;
            return this;
        }

        Builder rollbackOf(String value) {
            this.rollbackOf = value;
            return this;
        }

        Builder sagaId(String value) {
            this.sagaId = value;
            return this;
        }

        Builder sequence(long value) {
            this.sequence = value;
            return this;
        }

        Builder options(Map<String, Object> value) {
            this.options = value;
            return this;
        }

        Builder failureReason(String value) {
            this.failureReason = value;
            return this;
        }

        Builder exitCode(Integer value) {
            this.exitCode = value;
            return this;
        }

        Builder createdAt(Instant value) {
            this.createdAt = value;
            return this;
        }

        Builder startedAt(Instant value) {
            this.startedAt = value;
            return this;
        }

        Builder completedAt(Instant value) {
            this.completedAt = value;
            return this;
        }

        Builder duration(String value) {
            this.duration = value;
            return this;
        }

        Builder hotfix(boolean value) {
            this.hotfix = value;
            return this;
        }

        Builder hotfixReason(String value) {
            this.hotfixReason = value;
            return this;
        }

        Builder scheduledAt(Instant value) {
            this.scheduledAt = value;
            return this;
        }

        Builder approval(ApprovalView value) {
            this.approval = value;
            return this;
        }

        Builder checklist(ChecklistView value) {
            this.checklist = value;
            return this;
        }

        Builder links(Map<String, String> value) {
            this.links = value;
            return this;
        }

        DeploymentResource build() {
            return new DeploymentResource(id, application, environment, version, previousVersion, strategy, executor,
                    status, progress, currentStep, traffic, canary, routing, requestedBy, rollbackOf, sagaId, sequence,
                    options, failureReason, exitCode, createdAt, startedAt, completedAt, duration, hotfix, hotfixReason,
                    scheduledAt, approval, checklist, links);
        }
    }
}
