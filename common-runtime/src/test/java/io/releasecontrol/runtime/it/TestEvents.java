package io.releasecontrol.runtime.it;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.alert.DataCorruptionReported;
import java.time.Instant;

/** Object mother for the runtime's integration tests. */
final class TestEvents {

    private TestEvents() {
    }

    static EventEnvelope<DataCorruptionReported> corruption(String application, String description) {
        return EventEnvelope.of("/release-control/runtime-it",
                new DataCorruptionReported(application, "staging", "1.4.0", "runtime-it", description, Instant.now()));
    }
}
