package io.paybus.platform.web;

/**
 * Makes user-controlled text safe to log: control characters (CR, LF, tabs, escapes) become
 * {@code \n}-style escapes, so nobody forges a log line, and long values are cut.
 */
public final class LogSafe {

    private static final int MAX = 300;

    private LogSafe() {
    }

    public static String of(Object value) {
        if (value == null) {
            return "null";
        }
        String text = value.toString();
        StringBuilder safe = new StringBuilder(Math.min(text.length(), MAX) + 16);
        for (int i = 0; i < text.length() && safe.length() < MAX; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> safe.append("\\n");
                case '\r' -> safe.append("\\r");
                case '\t' -> safe.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        safe.append(String.format("\\u%04x", (int) c));
                    } else {
                        safe.append(c);
                    }
                }
            }
        }
        if (safe.length() >= MAX && text.length() > MAX) {
            safe.append("…(").append(text.length()).append(" chars)");
        }
        return safe.toString();
    }
}
