package io.releasecontrol.deploy.log;

import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Tells live log streams on this instance that a deployment has new lines or a new status, so
 * they read at once instead of at their next poll. Streams still poll, so lines written by
 * another instance arrive too.
 */
@Component
public class LogNotifier {

    private final Sinks.Many<UUID> changes = Sinks.many().multicast().directBestEffort();

    public void changed(UUID deploymentId) {
        synchronized (changes) {
            changes.tryEmitNext(deploymentId);
        }
    }

    public Flux<UUID> changes(UUID deploymentId) {
        return changes.asFlux().filter(deploymentId::equals);
    }
}
