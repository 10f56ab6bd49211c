package io.paybus.order.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class PublicationRoundsTest {

    /** What a sender was asked, and the acknowledgements it still holds back. */
    private static final class Kafka implements PublicationRounds.Sender {
        final List<String> sent = new ArrayList<>();
        String failing;

        @Override
        public CompletableFuture<?> send(String key, byte[] value) {
            String record = new String(value, StandardCharsets.UTF_8);
            sent.add(record);
            CompletableFuture<Void> ack = new CompletableFuture<>();
            if (record.equals(failing)) {
                ack.completeExceptionally(new IllegalStateException("broker refused " + record));
            } else {
                ack.complete(null);
            }
            return ack;
        }
    }

    private static PublicationRounds rounds(String... keyAndRecord) {
        PublicationRounds rounds = new PublicationRounds();
        for (String each : keyAndRecord) {
            rounds.add(each.substring(0, 1), each.getBytes(StandardCharsets.UTF_8));
        }
        return rounds;
    }

    @Test
    void aBatchWaitsOncePerRecordOfItsBusiestOrderNotOncePerRecord() throws Exception {
        Kafka kafka = new Kafka();
        PublicationRounds batch = rounds("a1", "a2", "b1", "c1", "b2", "a3", "d1");

        int waits = batch.sendAll(kafka, Duration.ofSeconds(1));

        assertThat(waits).isEqualTo(3);
        assertThat(batch.records()).isEqualTo(7);
        assertThat(kafka.sent).containsExactly("a1", "b1", "c1", "d1", "a2", "b2", "a3");
    }

    @Test
    void noRecordIsSentBeforeItsOrdersEarlierRecordWasAcknowledged() {
        Kafka kafka = new Kafka();
        kafka.failing = "a1";

        assertThatThrownBy(() -> rounds("a1", "a2", "b1", "b2").sendAll(kafka, Duration.ofSeconds(1)))
                .isInstanceOf(ExecutionException.class).hasMessageContaining("broker refused a1");
        assertThat(kafka.sent).containsExactly("a1", "b1");
    }

    @Test
    void aRoundKafkaDoesNotAcknowledgeInTimeFailsTheBatch() {
        PublicationRounds.Sender silent = (key, value) -> new CompletableFuture<>();

        assertThatThrownBy(() -> rounds("a1").sendAll(silent, Duration.ofMillis(50)))
                .isInstanceOf(TimeoutException.class);
    }

    @Test
    void aBatchWithoutRecordsSendsNothing() throws Exception {
        Kafka kafka = new Kafka();

        assertThat(new PublicationRounds().sendAll(kafka, Duration.ofSeconds(1))).isZero();
        assertThat(kafka.sent).isEmpty();
    }
}
