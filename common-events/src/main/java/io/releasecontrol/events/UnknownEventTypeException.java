package io.releasecontrol.events;

/** A message whose CloudEvents {@code type} no contract here declares; never mapped to a guess. */
public class UnknownEventTypeException extends EventFormatException {

    private final String type;

    public UnknownEventTypeException(String type, String expectedFamily) {
        super("unknown event type '" + type + "'" + (expectedFamily == null ? "" : " for " + expectedFamily)
                + "; known types are listed in docs/events.md");
        this.type = type;
    }

    public String type() {
        return type;
    }
}
