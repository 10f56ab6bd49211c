package io.paybus.platform.web;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import io.paybus.platform.search.Keyset.Cursor;
import io.paybus.platform.search.Keyset.Sort;
import org.springframework.http.HttpStatus;

/**
 * The query parameters of a list endpoint, read the same way by every service: only known names
 * (a typo is an error, not an ignored filter), typed values, a bounded page, a sort and its cursor;
 * anything else is {@code 400 field_invalid} naming the field.
 */
public final class SearchParameters {

    private final Map<String, String> values;

    private SearchParameters(Map<String, String> values) {
        this.values = values;
    }

    /** {@code values}, refusing a name that is not {@code known} (nor {@code sort}, {@code limit}, {@code cursor}). */
    public static SearchParameters of(Map<String, String> values, Set<String> known) {
        Set<String> all = new TreeSet<>(known);
        all.addAll(Set.of("sort", "limit", "cursor"));
        for (String name : values.keySet()) {
            if (!all.contains(name)) {
                throw invalid(name, "unknown parameter; known: " + all);
            }
        }
        return new SearchParameters(values);
    }

    public String text(String name) {
        return values.get(name);
    }

    /** Upper case, one of {@code allowed}; {@code null} when absent. */
    public String oneOf(String name, Set<String> allowed) {
        String value = values.get(name);
        if (value == null) {
            return null;
        }
        String upper = value.toUpperCase(Locale.ROOT);
        if (!allowed.contains(upper)) {
            throw invalid(name, "one of " + new TreeSet<>(allowed));
        }
        return upper;
    }

    /** A whole number, not negative; {@code null} when absent. */
    public Long number(String name) {
        String value = values.get(name);
        if (value == null) {
            return null;
        }
        try {
            long number = Long.parseLong(value);
            if (number < 0) {
                throw invalid(name, "not negative");
            }
            return number;
        } catch (NumberFormatException e) {
            throw invalid(name, "a whole number");
        }
    }

    public Instant instant(String name) {
        String value = values.get(name);
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw invalid(name, "an instant, e.g. 2026-12-01T00:00:00Z");
        }
    }

    public Boolean bool(String name) {
        String value = values.get(name);
        if (value == null) {
            return null;
        }
        if (!value.equals("true") && !value.equals("false")) {
            throw invalid(name, "true or false");
        }
        return Boolean.valueOf(value);
    }

    /** {@code limit}, 1 to {@code max}, else {@code otherwise}. */
    public int limit(int otherwise, int max) {
        Long limit = number("limit");
        if (limit != null && (limit < 1 || limit > max)) {
            throw invalid("limit", "1 to " + max);
        }
        return limit == null ? otherwise : limit.intValue();
    }

    /** A sort: one of {@code allowed} names, a leading {@code -} for descending. */
    public Sort sort(Set<String> allowed, String otherwise) {
        String text = values.getOrDefault("sort", otherwise);
        boolean ascending = !text.startsWith("-");
        String name = ascending ? text : text.substring(1);
        if (!allowed.contains(name)) {
            throw invalid("sort", "one of " + new TreeSet<>(allowed) + ", each with a leading - for descending");
        }
        return new Sort(name, ascending);
    }

    /**
     * The cursor of this sort, or {@code null} without one; a cursor of another sort, or whose value
     * {@code valueType} cannot read, is refused.
     */
    public Cursor cursor(Sort sort, java.util.function.Function<String, ?> valueType) {
        String text = values.get("cursor");
        if (text == null) {
            return null;
        }
        Cursor cursor = Cursor.decode(text, sort);
        if (cursor != null) {
            try {
                valueType.apply(cursor.value());
                return cursor;
            } catch (RuntimeException e) {
                // refused below
            }
        }
        throw invalid("cursor", "not a cursor of this sort: pass the nextCursor of the previous page unchanged");
    }

    public static ProblemException invalid(String field, String expected) {
        return new ProblemException(HttpStatus.BAD_REQUEST, "field_invalid", field + ": " + expected,
                Map.of("field", field));
    }
}
