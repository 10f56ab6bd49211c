package io.paybus.ingest.reconcile;

import io.paybus.ingest.webhook.Translation;
import java.time.Instant;

/** A provider's event JSON to our envelope: the very translation its webhook goes through. */
@FunctionalInterface
public interface Normalizer {

    Translation translate(String eventJson, Instant receivedAt);
}
