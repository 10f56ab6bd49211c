package io.paybus.billing.renewal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.paybus.billing.schedule.RenewalDue;
import io.paybus.events.Topics;
import java.io.IOException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import io.paybus.platform.deadletter.DeadLetterRecoverer;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code billing.schedule}. A failure propagates to the container's error handler:
 * transient provider failures are retried (same idempotency keys), then the event goes to
 * {@code billing.schedule-dlt} and the operators' list; the offset moves only after that. A
 * replay of one of its dead letters is marked replayed once processed.
 */
@Component
class RenewalListener {

    private final ObjectMapper json;
    private final Renewals renewals;
    private final DeadLetterRecoverer deadLetters;

    RenewalListener(ObjectMapper billingJson, Renewals renewals, DeadLetterRecoverer deadLetters) {
        this.json = billingJson;
        this.renewals = renewals;
        this.deadLetters = deadLetters;
    }

    @KafkaListener(id = "billing-renewals", groupId = "${paybus.billing.consumer-group:billing-service}", topics = Topics.BILLING_SCHEDULE)
    void on(ConsumerRecord<String, byte[]> record) throws IOException {
        RenewalDue due;
        try {
            due = json.readValue(record.value(), RenewalDue.class);
        } catch (IOException | RuntimeException e) {
            throw new UnreadableScheduleEventException("not a RenewalDue: " + e.getMessage(), e);
        }
        renewals.process(due);
        deadLetters.applied(record);
    }
}
