package io.paybus.billing.renewal;

/** A {@code billing.schedule} record that is not a readable RenewalDue: no retry can help. */
public class UnreadableScheduleEventException extends RuntimeException {

    public UnreadableScheduleEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
