package io.paybus.ingest.dedup;

import io.paybus.ingest.IngestProperties;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Hourly, forgets deliveries older than {@code paybus.ingest.dedup.retention}. */
@Component
class LedgerRetention {

    private final DeliveryLedger ledger;
    private final IngestProperties properties;

    LedgerRetention(DeliveryLedger ledger, IngestProperties properties) {
        this.ledger = ledger;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    void forgetOldDeliveries() {
        ledger.forgetOlderThan(properties.dedup().retention());
    }
}
