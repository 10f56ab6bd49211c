package io.paybus.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogSafeTest {

    @Test
    void lineBreaksAndControlCharactersCannotForgeALogLine() {
        String forged = "evt_1\r\n2026-12-01 INFO paybus: refund approved\u001b[31m\u2028";
        String safe = LogSafe.of(forged);

        assertThat(safe).doesNotContain("\n").doesNotContain("\r").doesNotContain("\u001b").doesNotContain("\u2028")
                .contains("evt_1\\r\\n2026-12-01 INFO").contains("\\u001b");
    }

    @Test
    void longValuesAreCutAndSaySo() {
        assertThat(LogSafe.of("x".repeat(10_000))).hasSizeLessThan(400).endsWith("(10000 chars)");
        assertThat(LogSafe.of(null)).isEqualTo("null");
    }
}
