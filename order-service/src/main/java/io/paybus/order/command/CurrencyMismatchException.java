package io.paybus.order.command;

import java.util.Currency;

/**
 * A provider event names a currency other than the order's. Paybus never converts or guesses:
 * the event is refused (and dead-lettered by the inbound adapter) for an operator to look at.
 */
public class CurrencyMismatchException extends RuntimeException {

    public CurrencyMismatchException(OrderId order, Currency expected, Currency actual) {
        super("order " + order + " is in " + expected + ", event is in " + actual);
    }
}
