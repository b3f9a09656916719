package io.releasecontrol.deploy.deployment;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The approvals a deployment waits for, and the decisions taken so far. */
public record ApprovalGate(UUID deploymentId, ApprovalRequest request, Status status, Instant decidedAt,
        List<Vote> votes) {

    /** CANCELLED: the deployment was cancelled while it waited. */
    public enum Status { WAITING, APPROVED, REJECTED, EXPIRED, CANCELLED }

    public enum Decision { APPROVED, REJECTED }

    public record Vote(String voter, Decision decision, String comment, Instant at) {
    }

    public long approvals() {
        return votes.stream().filter(v -> v.decision() == Decision.APPROVED).count();
    }
}
