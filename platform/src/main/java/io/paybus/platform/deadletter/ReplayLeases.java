package io.paybus.platform.deadletter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parks again, every {@code paybus.dead-letters.replay-lease-check}, the replays whose lease ended
 * without the record being applied, so that nothing stays {@code REPLAYING} (and no later record of
 * its key waits behind it) after a crash between marking and sending. Safe on several instances:
 * one conditional update.
 */
final class ReplayLeases {

    private static final Logger log = LoggerFactory.getLogger(ReplayLeases.class);

    private final DeadLetterStore store;

    ReplayLeases(DeadLetterStore store) {
        this.store = store;
    }

    void releaseExpired() {
        int released = store.releaseExpiredReplays();
        if (released > 0) {
            log.warn("{} replay(s) were not applied within their lease: parked again", released);
        }
    }
}
