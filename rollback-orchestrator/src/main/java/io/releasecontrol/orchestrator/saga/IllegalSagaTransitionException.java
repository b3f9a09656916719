package io.releasecontrol.orchestrator.saga;

/** An operator asked for something the saga's current state does not allow (answered 409). */
public class IllegalSagaTransitionException extends RuntimeException {

    public IllegalSagaTransitionException(String message) {
        super(message);
    }
}
