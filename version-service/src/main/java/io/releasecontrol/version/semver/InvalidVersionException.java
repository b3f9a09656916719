package io.releasecontrol.version.semver;

/** A string that is not a strict semantic version; the message says why. */
public class InvalidVersionException extends IllegalArgumentException {

    public InvalidVersionException(String message) {
        super(message);
    }
}
