package io.paybus.platform.deadletter;

/** Why an operator's verb on a dead letter was refused; the web layer maps it to a problem. */
public class DeadLetterException extends RuntimeException {

    public enum Reason {
        /** No dead letter has that id. */
        NOT_FOUND,
        /** It is not parked (replaying, replayed or discarded). */
        NOT_PARKED,
        /** An earlier record of its key is parked: it must not overtake it. */
        NOT_FIRST,
        /** The broker did not take the replay; what was not sent is parked again. */
        BROKER_UNAVAILABLE
    }

    private final Reason reason;

    public DeadLetterException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
