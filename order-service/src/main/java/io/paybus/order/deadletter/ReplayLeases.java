package io.paybus.order.deadletter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Parks again, every {@code paybus.order.replay-lease-check}, the replays whose lease ended. */
@Component
class ReplayLeases {

    private static final Logger log = LoggerFactory.getLogger(ReplayLeases.class);

    private final DeadLetterStore store;

    ReplayLeases(DeadLetterStore store) {
        this.store = store;
    }

    @Scheduled(fixedDelayString = "${paybus.order.replay-lease-check:30s}", initialDelayString = "1s")
    void releaseExpired() {
        int released = store.releaseExpiredReplays();
        if (released > 0) {
            log.warn("{} replay(s) were not applied within their lease: parked again", released);
        }
    }
}
