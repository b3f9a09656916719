package io.releasecontrol.metrics.evaluation;

import java.time.Instant;

/**
 * One rule's state for one version: the last {@code outOf} evaluation outcomes, and the open
 * breach if there is one. Transitions happen only in {@link #record}, which returns what changed.
 */
final class RuleState {

    enum Status { OK, BREACHED }

    private long history; // bit i = outcome of the i-th most recent evaluation (1 = failing)
    private int recorded;
    private Status status = Status.OK;
    private Instant openedAt;
    private Instant healthySince;
    private Judgement lastJudgement;
    private boolean lastFailing;
    private Instant lastEvaluatedAt;
    /** the action the open breach was announced with: an alert-only breach may escalate to a rollback */
    private Rule.Action openAction;
    /** the sequential test against the rule's absolute threshold, for rate rules */
    private Cusum absolute;
    /** the sequential test against the baseline, and which version that baseline is */
    private Cusum comparative;
    private String comparedWith;
    private String lastReason;
    /** rules on error counts: whether the evidence shows the rule holds (pass), fails, or cannot say yet */
    private Cusum.Outcome verdict;

    Cusum absolute(SequentialPolicy policy) {
        if (absolute == null) {
            absolute = policy.newCusum();
        }
        return absolute;
    }

    Cusum absolute() {
        return absolute;
    }

    /** the comparison with {@code baseline}; a new baseline starts a new test */
    Cusum comparative(SequentialPolicy policy, String baseline) {
        if (comparative == null || !baseline.equals(comparedWith)) {
            comparative = policy.newCusum();
            comparedWith = baseline;
        }
        return comparative;
    }

    Cusum comparative() {
        return comparative;
    }

    String comparedWith() {
        return comparedWith;
    }

    Rule.Action openAction() {
        return openAction;
    }

    /** why the last evaluation failed or passed, in words (for the health view) */
    String lastReason() {
        return lastReason;
    }

    Cusum.Outcome verdict() {
        return verdict;
    }

    void verdict(Cusum.Outcome v) {
        verdict = v;
    }

    void lastReason(String reason) {
        lastReason = reason;
    }

    Status status() {
        return status;
    }

    Instant openedAt() {
        return openedAt;
    }

    Judgement lastJudgement() {
        return lastJudgement;
    }

    boolean lastFailing() {
        return lastFailing;
    }

    Instant lastEvaluatedAt() {
        return lastEvaluatedAt;
    }

    int failingInHistory(int outOf) {
        long mask = outOf >= 64 ? -1L : (1L << outOf) - 1;
        return Long.bitCount(history & mask);
    }

    enum Change { NONE, OPENED, ESCALATED, CLOSED }

    /**
     * One evaluation with enough data. {@code failing} opens a breach once the policy is met;
     * while open, {@code healthy} (the plain window value back on the good side, judge not failing)
     * for the rule's recovery window closes it.
     */
    Change record(Rule rule, boolean failing, boolean healthy, Instant at, Judgement judgement) {
        return record(rule.failure(), rule.recovery(), failing, rule.action(), healthy, at, judgement);
    }

    /**
     * As above with the failure policy and the action of this evaluation: a sequential test has
     * weighed its evidence already (one alarm opens), and an alert-only breach that is now a
     * rollback one escalates (a new breach event with the rollback action).
     */
    Change record(FailurePolicy failure, java.time.Duration recovery, boolean failing, Rule.Action action,
            boolean healthy, Instant at, Judgement judgement) {
        lastJudgement = judgement;
        lastFailing = failing;
        lastEvaluatedAt = at;
        if (status == Status.OK) {
            history = (history << 1) | (failing ? 1 : 0);
            recorded = Math.min(recorded + 1, 64);
            if (recorded >= failure.failing() && failingInHistory(failure.outOf()) >= failure.failing()) {
                status = Status.BREACHED;
                openedAt = at;
                openAction = action;
                healthySince = null;
                history = 0;
                recorded = 0;
                return Change.OPENED;
            }
            return Change.NONE;
        }
        if (failing && action == Rule.Action.ROLLBACK && openAction == Rule.Action.ALERT) {
            openAction = action;
            openedAt = at;
            healthySince = null;
            return Change.ESCALATED;
        }
        if (!healthy) {
            healthySince = null;
            return Change.NONE;
        }
        if (healthySince == null) {
            healthySince = at;
        }
        if (!at.isBefore(healthySince.plus(recovery))) {
            status = Status.OK;
            healthySince = null;
            return Change.CLOSED;
        }
        return Change.NONE;
    }
}
