package io.releasecontrol.deploy.checklist;

import java.util.UUID;

/** Starts running a committed deployment whose pre-deployment checklist became complete; the runner does it. */
public interface DeploymentLauncher {

    /** Runs the deployment in the background, once per instance; one that still waits for something is left alone. */
    void launch(UUID deploymentId);
}
