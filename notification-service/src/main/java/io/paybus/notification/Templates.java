package io.paybus.notification;

import io.paybus.events.Money;
import java.math.BigDecimal;
import java.text.MessageFormat;
import java.text.NumberFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The mails' words, per template and locale ({@code templates/messages[_zh_CN].properties}; a
 * locale without its own falls back to English), and amounts as the buyer's locale writes them,
 * with the currency's own decimals ({@code ¥990} for JPY, {@code €12.34}).
 */
final class Templates {

    /** A rendered mail: its subject and its plain text (the HTML part is made from the text). */
    record Mail(String subject, String text) {
        String html() {
            String escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
            return "<!doctype html><html><body style=\"font-family:sans-serif\"><p>"
                    + escaped.replace("\n\n", "</p><p>").replace("\n", "<br>") + "</p></body></html>";
        }
    }

    private Templates() {
    }

    static Mail render(String template, Locale locale, Object... arguments) {
        ResourceBundle bundle = ResourceBundle.getBundle("templates.messages", locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        MessageFormat subject = new MessageFormat(bundle.getString(template + ".subject"), locale);
        MessageFormat text = new MessageFormat(bundle.getString(template + ".text"), locale);
        return new Mail(subject.format(arguments), text.format(arguments));
    }

    static String anonymous(Locale locale) {
        try {
            return ResourceBundle.getBundle("templates.messages", locale).getString("greeting.anonymous");
        } catch (MissingResourceException e) {
            return "customer";
        }
    }

    static String money(Money money, Locale locale) {
        int digits = Math.max(0, money.currency().getDefaultFractionDigits());
        NumberFormat format = NumberFormat.getCurrencyInstance(locale);
        format.setCurrency(money.currency());
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(digits);
        return format.format(BigDecimal.valueOf(money.minor(), digits));
    }

    /** Who reads a mail: the address, the language, how to greet them. */
    record Reader(String email, Locale locale, String name) {
    }

    /** The reader of a customer's mail: their locale (else the default), their name (else "customer" in it). */
    static Reader readerOf(io.paybus.events.Customer customer, String defaultLocale) {
        Locale locale = localeOf(customer.locale(), defaultLocale);
        return new Reader(customer.email(), locale, customer.name() != null ? customer.name() : anonymous(locale));
    }

    /** The buyer's locale when it has one of ours, else the default. */
    static Locale localeOf(String tag, String defaultTag) {
        Locale wanted = tag == null ? Locale.forLanguageTag(defaultTag) : Locale.forLanguageTag(tag);
        return wanted.getLanguage().isEmpty() ? Locale.forLanguageTag(defaultTag) : wanted;
    }
}
