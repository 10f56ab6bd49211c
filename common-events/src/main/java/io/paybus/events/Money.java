package io.paybus.events;

import java.util.Currency;
import java.util.Objects;

/**
 * An amount in minor units (cents) of a currency. Never a floating point number.
 *
 * @param minor    amount in the currency's minor unit, zero or more
 * @param currency ISO 4217 currency
 */
public record Money(long minor, Currency currency) {

    public Money {
        Objects.requireNonNull(currency, "currency");
        if (minor < 0) {
            throw new IllegalArgumentException("amount must not be negative: " + minor);
        }
    }

    /** {@code Money.of(1099, "usd")}; the code is case-insensitive, as providers send it lower case. */
    public static Money of(long minor, String currencyCode) {
        return new Money(minor, Currency.getInstance(currencyCode.toUpperCase(java.util.Locale.ROOT)));
    }
}
