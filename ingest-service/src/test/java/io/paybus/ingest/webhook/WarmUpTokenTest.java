package io.paybus.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WarmUpTokenTest {

    @Test
    void onlyTheRunningWarmUpsTokenMatches() {
        WarmUpToken token = new WarmUpToken();
        assertThat(token.matches("")).as("before any warm-up").isFalse();
        assertThat(token.matches(null)).isFalse();

        String first = token.open();
        assertThat(first).hasSize(64);
        assertThat(token.matches(first)).isTrue();
        assertThat(token.matches(first.substring(1))).isFalse();
        assertThat(token.matches(first + "0")).isFalse();
        assertThat(token.matches(first.toUpperCase())).isFalse();
        assertThat(token.matches(null)).isFalse();

        token.close();
        assertThat(token.matches(first)).as("after the warm-up").isFalse();

        String second = token.open();
        assertThat(second).isNotEqualTo(first);
        assertThat(token.matches(first)).as("an earlier warm-up's token").isFalse();
        assertThat(token.matches(second)).isTrue();
    }
}
