package io.releasecontrol.events.log;

import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.EventType;
import java.time.Instant;

/**
 * One line of a deployment's log.
 *
 * @param sequence 1-based, gap-free per deployment, so a reader can detect loss and order lines
 * @param stream   stdout, stderr or system (lines the service itself writes)
 */
@EventType("io.releasecontrol.deployment.log-line.v1")
public record DeployLogLine(
        DeploymentId deploymentId,
        String application,
        String environment,
        long sequence,
        String stream,
        String line,
        Instant at) implements DeployLogEvent {
}
