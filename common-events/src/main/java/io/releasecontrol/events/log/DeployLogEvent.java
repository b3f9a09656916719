package io.releasecontrol.events.log;

import io.releasecontrol.events.RcEvent;

/** Log lines of deployments, on {@code rc.deploy-logs}. */
public sealed interface DeployLogEvent extends RcEvent permits DeployLogLine {
}
