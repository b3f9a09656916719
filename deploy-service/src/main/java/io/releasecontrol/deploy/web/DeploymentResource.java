package io.releasecontrol.deploy.web;

import io.releasecontrol.deploy.checklist.ChecklistRules;
import io.releasecontrol.deploy.checklist.ItemState;
import io.releasecontrol.deploy.deployment.ApprovalGate;
import io.releasecontrol.deploy.deployment.Deployment;
import io.releasecontrol.deploy.deployment.DeploymentStatus;
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

    static DeploymentResource of(Deployment d) {
        return of(d, null);
    }

    static DeploymentResource of(Deployment d, ApprovalGate gate) {
        return of(d, gate, List.of());
    }

    static DeploymentResource of(Deployment d, ApprovalGate gate, List<ItemState> checklist) {
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
        return new DeploymentResource(s.id().toString(), s.application(), s.environment(), s.version(),
                st.previousVersion(), s.strategy().wire(), s.executor(), d.status().name(), st.progress(),
                st.currentStep(), traffic(d), canary, s.canary() == null ? null : s.canary().routing(),
                s.requestedBy(), s.rollbackOf() == null ? null : s.rollbackOf().toString(),
                s.sagaId() == null ? null : s.sagaId().toString(), s.sequence(), options, st.failureReason(),
                st.exitCode(), s.createdAt(), st.startedAt(), st.completedAt(), duration, s.options().hotfix(),
                s.options().hotfixReason(), s.options().scheduledAt(), gate == null ? null : approval(gate),
                checklist.isEmpty() ? null : checklist(d, checklist, self), links);
    }

    private static ChecklistView checklist(Deployment d, List<ItemState> items, String self) {
        List<ItemView> pre = items.stream().filter(i -> i.phase() == ItemState.Phase.PRE)
                .map(i -> item(d, i, self)).toList();
        List<ItemView> post = items.stream().filter(i -> i.phase() == ItemState.Phase.POST)
                .map(i -> item(d, i, self)).toList();
        boolean complete = ChecklistRules.preComplete(items);
        return new ChecklistView(complete, d.status() == DeploymentStatus.PENDING ? ChecklistRules.waitReason(items)
                : null, pre, post);
    }

    private static ItemView item(Deployment d, ItemState i, String self) {
        String confirm = ChecklistRules.refusal(d.status(), i) == null ? self + "/checklist/" + i.id() + "/confirm"
                : null;
        return new ItemView(i.id(), i.title(), i.automatic() ? "automatic" : "manual",
                i.check() == null ? null : i.check().wire(), i.status().name(), i.detail(), i.by(), i.comment(),
                i.at(), confirm);
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
}
