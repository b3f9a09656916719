package io.releasecontrol.deploy.release;

import io.releasecontrol.runtime.jobs.PeriodicJob;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Cancels deployments whose approvals did not come in time ({@code rc.deploy.release.expiry-check-every}). */
@Component
class ApprovalExpiryJob extends PeriodicJob {

    private final ApprovalService approvals;

    public ApprovalExpiryJob(ApprovalService approvals, ReleaseProperties props) {
        super(Schedule.every("approval expiry", props.expiryCheckEvery(), props.expiryCheckEvery()));
        this.approvals = approvals;
    }

    @Override
    protected Mono<Long> round() {
        return approvals.expire();
    }
}
