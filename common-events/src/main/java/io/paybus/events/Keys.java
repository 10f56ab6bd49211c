package io.paybus.events;

import java.util.regex.Pattern;

/**
 * What an order or subscription id (a record key on the topics) may look like: 1-128 letters,
 * digits or {@code . _ : -}, starting with a letter or digit. Safe in URLs, storable everywhere.
 * Ingest refuses an event whose key is not one; the services' APIs refuse such ids in paths.
 */
public final class Keys {

    public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    public static final String DESCRIPTION = "1-128 letters, digits or . _ : - and starts with a letter or digit";

    private Keys() {
    }

    public static boolean valid(String key) {
        return key != null && PATTERN.matcher(key).matches();
    }
}
