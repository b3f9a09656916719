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

    enum Change { NONE, OPENED, CLOSED }

    /**
     * One evaluation with enough data. {@code failing} opens a breach once the policy is met;
     * while open, {@code healthy} (the plain window value back on the good side, judge not failing)
     * for the rule's recovery window closes it.
     */
    Change record(Rule rule, boolean failing, boolean healthy, Instant at, Judgement judgement) {
        lastJudgement = judgement;
        lastFailing = failing;
        lastEvaluatedAt = at;
        if (status == Status.OK) {
            history = (history << 1) | (failing ? 1 : 0);
            recorded = Math.min(recorded + 1, 64);
            if (recorded >= rule.failure().failing() && failingInHistory(rule.failure().outOf()) >= rule.failure().failing()) {
                status = Status.BREACHED;
                openedAt = at;
                healthySince = null;
                history = 0;
                recorded = 0;
                return Change.OPENED;
            }
            return Change.NONE;
        }
        if (!healthy) {
            healthySince = null;
            return Change.NONE;
        }
        if (healthySince == null) {
            healthySince = at;
        }
        if (!at.isBefore(healthySince.plus(rule.recovery()))) {
            status = Status.OK;
            healthySince = null;
            return Change.CLOSED;
        }
        return Change.NONE;
    }
}
