package io.releasecontrol.metrics.gate;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code rc.metrics.gate.*}: the step gate's settings for an application whose analysis policy
 * names none ({@link GateSettings#DEFAULT}'s where unset).
 */
@ConfigurationProperties("rc.metrics.gate")
public record GateProperties(Long minRequests, Integer minIntervals, Duration maxWait, GateSettings.OnTimeout onTimeout,
        Duration bake) {

    public GateProperties {
        // built once here: a setting out of GateSettings' bounds stops the service at start, not a deployment
        settings(minRequests, minIntervals, maxWait, onTimeout, bake);
    }

    /** The default step gate. */
    public GateSettings settings() {
        return settings(minRequests, minIntervals, maxWait, onTimeout, bake);
    }

    private static GateSettings settings(Long minRequests, Integer minIntervals, Duration maxWait,
            GateSettings.OnTimeout onTimeout, Duration bake) {
        GateSettings d = GateSettings.DEFAULT;
        return new GateSettings(minRequests == null ? d.minRequests() : minRequests,
                minIntervals == null ? d.minIntervals() : minIntervals, maxWait == null ? d.maxWait() : maxWait,
                onTimeout == null ? d.onTimeout() : onTimeout, bake == null ? d.bake() : bake);
    }
}
