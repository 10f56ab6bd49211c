package io.paybus.order.api;

import io.paybus.events.Customer;
import io.paybus.events.Keys;
import java.util.ArrayList;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** What {@code POST /orders} accepts as its {@code customer}; every part is optional. */
final class CustomerRules {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,189}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    private CustomerRules() {
    }

    static List<String> problems(Customer customer) {
        List<String> problems = new ArrayList<>();
        if (customer == null) {
            return problems;
        }
        if (customer.id() != null && !Keys.valid(customer.id())) {
            problems.add("customer.id must be " + Keys.DESCRIPTION);
        }
        if (customer.email() != null && !EMAIL.matcher(customer.email()).matches()) {
            problems.add("customer.email must be an email address (at most 254 characters)");
        }
        if (customer.name() != null && customer.name().length() > 200) {
            problems.add("customer.name must be at most 200 characters");
        }
        if (customer.locale() != null && !validLocale(customer.locale())) {
            problems.add("customer.locale must be a BCP 47 language tag, e.g. en or zh-CN");
        }
        if (customer.country() != null && !COUNTRY.matcher(customer.country()).matches()) {
            problems.add("customer.country must be an ISO 3166-1 alpha-2 code, e.g. DE");
        }
        return problems;
    }

    private static boolean validLocale(String tag) {
        if (tag.length() > 35) {
            return false;
        }
        try {
            return !new Locale.Builder().setLanguageTag(tag).build().getLanguage().isEmpty();
        } catch (IllformedLocaleException e) {
            return false;
        }
    }
}
