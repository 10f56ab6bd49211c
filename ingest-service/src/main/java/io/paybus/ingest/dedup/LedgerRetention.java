package io.paybus.ingest.dedup;

import io.paybus.ingest.IngestProperties;
import io.paybus.ingest.paypal.PaypalTransmissions;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Hourly, forgets deliveries and PayPal transmissions older than {@code paybus.ingest.dedup.retention}. */
@Component
class LedgerRetention {

    private final DeliveryLedger ledger;
    private final PaypalTransmissions transmissions;
    private final IngestProperties properties;

    LedgerRetention(DeliveryLedger ledger, PaypalTransmissions transmissions, IngestProperties properties) {
        this.ledger = ledger;
        this.transmissions = transmissions;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    void forgetOldDeliveries() {
        ledger.forgetOlderThan(properties.dedup().retention());
        transmissions.forgetOlderThan(properties.dedup().retention());
    }
}
