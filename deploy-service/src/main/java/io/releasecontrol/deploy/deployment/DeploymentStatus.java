package io.releasecontrol.deploy.deployment;

import java.util.EnumSet;
import java.util.Set;

/** Where a deployment is in its life. The allowed moves are listed here, once. */
public enum DeploymentStatus {
    PENDING, RUNNING, PAUSED, SUCCEEDED, FAILED, CANCELLED;

    /** Statuses that hold the target: the database allows one such deployment per target. */
    public static final Set<DeploymentStatus> ACTIVE = EnumSet.of(PENDING, RUNNING, PAUSED);

    public boolean isActive() {
        return ACTIVE.contains(this);
    }

    public boolean isFinished() {
        return !isActive();
    }

    /** Whether a deployment in this status may move to {@code next}. */
    public boolean canMoveTo(DeploymentStatus next) {
        return switch (this) {
            case PENDING -> next == RUNNING || next == FAILED || next == CANCELLED;
            case RUNNING -> next == PAUSED || next == SUCCEEDED || next == FAILED || next == CANCELLED;
            case PAUSED -> next == RUNNING || next == FAILED || next == CANCELLED;
            case SUCCEEDED, FAILED, CANCELLED -> false;
        };
    }
}
