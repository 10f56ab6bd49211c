package io.paybus.events;

/**
 * A record could not be read as, or written from, a Paybus event. Retrying does not help: the
 * bytes are what they are.
 */
public class EventCodecException extends RuntimeException {

    public EventCodecException(String message) {
        super(message);
    }

    public EventCodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
