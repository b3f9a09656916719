package io.releasecontrol.runtime.identity;

/** The identity header is present but cannot be trusted; the message says why (never the secret). */
public class InvalidIdentityException extends RuntimeException {

    public InvalidIdentityException(String message) {
        super(message);
    }
}
