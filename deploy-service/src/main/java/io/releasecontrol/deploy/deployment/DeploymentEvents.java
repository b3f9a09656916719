package io.releasecontrol.deploy.deployment;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.RcEvent;

/** Envelopes of deploy-service: one correlation id per deployment, the deployment's id. */
public final class DeploymentEvents {

    public static final String SOURCE = "/release-control/deploy-service";

    private DeploymentEvents() {
    }

    public static <T extends RcEvent> EventEnvelope<T> envelope(T event, String correlationId, String causationId) {
        EventEnvelope<T> fresh = EventEnvelope.of(SOURCE, event);
        return fresh.withCorrelation(correlationId == null ? fresh.id() : correlationId, causationId);
    }
}
