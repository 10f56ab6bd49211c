package io.paybus.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.KafkaHeaders;

class DeliveriesTest {

    @Test
    void aFailedTryIsRetriedWhileTriesAreLeftAndFailedOnTheLast() {
        ConsumerRecord<String, byte[]> first = new ConsumerRecord<>("orders.events", 0, 7, "o", new byte[0]);
        ConsumerRecord<String, byte[]> last = new ConsumerRecord<>("orders.events", 0, 7, "o", new byte[0]);
        last.headers().add(KafkaHeaders.DELIVERY_ATTEMPT, ByteBuffer.allocate(4).putInt(31).array());

        assertThat(Deliveries.attemptOf(first)).as("no header: the first delivery").isEqualTo(1);
        assertThat(Deliveries.attemptOf(last)).isEqualTo(31);
        assertThat(Deliveries.outcomeOf(1, 31)).isEqualTo("retried");
        assertThat(Deliveries.outcomeOf(30, 31)).isEqualTo("retried");
        assertThat(Deliveries.outcomeOf(31, 31)).isEqualTo("failed");
    }
}
