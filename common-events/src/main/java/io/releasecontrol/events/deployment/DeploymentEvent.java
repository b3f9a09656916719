package io.releasecontrol.events.deployment;

import io.releasecontrol.events.RcEvent;

/** Lifecycle of deployments and maintenance mode, on {@code rc.deployments}. */
public sealed interface DeploymentEvent extends RcEvent
        permits DeployRequested, DeployStarted, DeployProgressed, TrafficShifted, DeploySucceeded, DeployFailed,
        DeployCancelled, MaintenanceModeChanged, DeployApprovalRequested, DeployApproved, DeployRejected,
        DeployStepAnalysed {
}
