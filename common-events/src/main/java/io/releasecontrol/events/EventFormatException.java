package io.releasecontrol.events;

/** A message that is not a well-formed Release Control CloudEvent. */
public class EventFormatException extends RuntimeException {

    public EventFormatException(String message) {
        super(message);
    }

    public EventFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
