package io.releasecontrol.version;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.version.VersionEvent;

/** Envelopes for the events this service publishes (through the outbox, never directly). */
public final class VersionEvents {

    public static final String SOURCE = "/release-control/version-service";

    private VersionEvents() {
    }

    public static EventEnvelope<VersionEvent> of(VersionEvent event) {
        return EventEnvelope.of(SOURCE, event);
    }

    /** An event caused by a consumed one: same correlation id, causation = its id. */
    public static EventEnvelope<VersionEvent> causedBy(EventEnvelope<?> cause, VersionEvent event) {
        return EventEnvelope.causedBy(cause, SOURCE, event);
    }
}
