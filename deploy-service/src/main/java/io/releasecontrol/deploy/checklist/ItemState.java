package io.releasecontrol.deploy.checklist;

import java.time.Instant;

/**
 * A checklist item of one deployment (copied from the policy when the deployment was created) and
 * where it stands.
 *
 * @param detail what an automatic check found (why it failed); null for manual items
 * @param by     who confirmed a manual item (the authenticated caller)
 * @param at     when it was evaluated or confirmed
 */
public record ItemState(Phase phase, String id, String title, AutoCheck check, Status status, String detail,
        String by, String comment, Instant at) {

    public enum Phase { PRE, POST }

    /** OPEN: a manual item nobody confirmed yet. */
    public enum Status { OPEN, PASSED, FAILED, CONFIRMED }

    public static ItemState open(Phase phase, ChecklistItem item) {
        return new ItemState(phase, item.id(), item.title(), item.check(), Status.OPEN, null, null, null, null);
    }

    public boolean done() {
        return status == Status.PASSED || status == Status.CONFIRMED;
    }

    public boolean automatic() {
        return check != null;
    }

    ItemState evaluated(boolean passed, String why, Instant when) {
        return new ItemState(phase, id, title, check, passed ? Status.PASSED : Status.FAILED, why, null, null, when);
    }

    ItemState confirmed(String who, String note, Instant when) {
        return new ItemState(phase, id, title, check, Status.CONFIRMED, null, who, note, when);
    }
}
