package io.paybus.order.query;

import io.paybus.platform.audit.AuditLog;
import io.paybus.platform.web.ProblemException;
import java.util.Map;
import java.util.OptionalLong;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Rebuilds the read model from the event store while the service runs (invariant 8): the
 * projection's processor stops, its token goes back to the start of the event store (its reset
 * handler empties {@code order_summary}), and it starts again, replaying every event. Queries keep
 * answering meanwhile, from a read model that is filling up. Progress: position against the head
 * of the event store.
 */
@RestController
class ProjectionRebuild {

    /** Progress of the read model's processor. */
    record Progress(String projection, boolean replaying, long position, long head, double percent) {
    }

    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuild.class);

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final AuditLog audit;

    ProjectionRebuild(EventProcessingConfiguration processing, EventStore eventStore, AuditLog audit) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.audit = audit;
    }

    @PostMapping("/admin/projections/order-summary/rebuild")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Progress rebuild(@RequestParam(required = false) String reason) {
        StreamingEventProcessor processor = processor();
        log.info("rebuilding the order-summary read model from the event store");
        processor.shutDown();
        processor.resetTokens();
        processor.start();
        Progress progress = progress();
        audit.record("projection.rebuild", "projection:order-summary", reason, "started",
                Map.of("head", progress.head()));
        return progress;
    }

    @GetMapping("/admin/projections/order-summary")
    Progress progress() {
        Map<Integer, EventTrackerStatus> status = processor().processingStatus();
        long position = status.values().stream().map(EventTrackerStatus::getCurrentPosition)
                .mapToLong(p -> p.orElse(0L)).min().orElse(0L);
        OptionalLong head = eventStore.createHeadToken() == null ? OptionalLong.empty()
                : eventStore.createHeadToken().position();
        long last = head.orElse(0L);
        // Axon reports a replay until an event beyond the reset point arrives: caught up is done.
        boolean replaying = status.values().stream().anyMatch(EventTrackerStatus::isReplaying) && position < last;
        double percent = last == 0 ? 100.0 : Math.min(100.0, 100.0 * position / last);
        return new Progress(OrderSummaryProjection.PROCESSING_GROUP, replaying, position, last, percent);
    }

    private StreamingEventProcessor processor() {
        return processing.eventProcessor(OrderSummaryProjection.PROCESSING_GROUP, StreamingEventProcessor.class)
                .orElseThrow(() -> ProblemException.of(HttpStatus.SERVICE_UNAVAILABLE, "projection_not_running",
                        "the order-summary processor is not running"));
    }
}
