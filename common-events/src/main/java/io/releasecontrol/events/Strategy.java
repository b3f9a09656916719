package io.releasecontrol.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** Deployment strategy; on the wire as in the public API: {@code rolling|blue-green|canary}. */
public enum Strategy {
    ROLLING("rolling"),
    BLUE_GREEN("blue-green"),
    CANARY("canary");

    private final String wire;

    Strategy(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static Strategy fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown strategy '" + value + "' (expected rolling, blue-green or canary)"));
    }
}
