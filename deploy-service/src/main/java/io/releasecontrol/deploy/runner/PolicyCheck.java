package io.releasecontrol.deploy.runner;

import io.releasecontrol.deploy.deployment.ApprovalRequest;
import io.releasecontrol.deploy.deployment.NewDeployment;
import java.time.Instant;
import reactor.core.publisher.Mono;

/** What the environment's release policy says about a new deployment, before it is created; release answers. */
public interface PolicyCheck {

    /** The approvals the deployment needs (empty: none), or an error when it may not run at all. */
    Mono<ApprovalRequest> check(NewDeployment request, Instant now);
}
