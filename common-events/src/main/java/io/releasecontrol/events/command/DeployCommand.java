package io.releasecontrol.events.command;

import io.releasecontrol.events.RcEvent;

/**
 * Commands to deploy-service, on {@code rc.deploy-commands}. Each carries a {@code requestId}:
 * the idempotency key, so a redelivered or re-sent command is executed once.
 */
public sealed interface DeployCommand extends RcEvent
        permits StartDeployment, ShiftTraffic, SetMaintenanceMode, CancelDeployment {

    String requestId();
}
