package io.paybus.billing.renewal;

/** A schedule event names a period that was never scheduled here: no retry can help. */
public class UnknownRenewalException extends RuntimeException {

    public UnknownRenewalException(String message) {
        super(message);
    }
}
