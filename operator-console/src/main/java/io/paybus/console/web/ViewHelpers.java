package io.paybus.console.web;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** Formatting for the pages ({@code ${@view.money(amount, currency)}}): money in major units, times in UTC. */
@Component("view")
public class ViewHelpers {

    /** {@code 4200, "EUR"} is {@code 42.00 EUR}; a currency without minor units is shown whole. */
    public String money(Object amount, Object currency) {
        if (amount == null) {
            return "";
        }
        String code = currency == null ? "" : currency.toString().toUpperCase(Locale.ROOT);
        int digits = 2;
        try {
            digits = Math.max(0, Currency.getInstance(code).getDefaultFractionDigits());
        } catch (IllegalArgumentException unknown) {
            // shown with two decimals
        }
        return new BigDecimal(amount.toString()).movePointLeft(digits).toPlainString() + " " + code;
    }

    /** {@code 2026-12-02T14:03:11.123456Z} is {@code 2026-12-02 14:03:11Z}. */
    public String time(Object instant) {
        if (instant == null) {
            return "";
        }
        String text = instant.toString();
        return text.length() >= 19 && text.charAt(10) == 'T' ? text.substring(0, 10) + " " + text.substring(11, 19) + "Z"
                : text;
    }

    /** A fraction 0..1 as a whole percentage. */
    public long percent(Object fraction) {
        return fraction instanceof Number number ? Math.round(number.doubleValue() * 100) : 0;
    }

    public String json(Object value) {
        return Json.pretty(value);
    }
}
