package io.releasecontrol.deploy.router;

/**
 * A router did not do what it was asked: not answering, refusing a command or a configuration, or
 * reporting something else than what was set. The message is the reason, for the step's failure.
 */
public class RouterException extends RuntimeException {

    public RouterException(String reason) {
        super(reason);
    }

    public RouterException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
