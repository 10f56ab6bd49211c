package io.paybus.ingest.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import io.paybus.events.EventSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The provider event id of a snapshot: {@code snapshot:<object id>:<what>:<digest>}, the digest the
 * first 16 hex digits of the SHA-256 of the object's JSON. The same state listed twice is the same
 * event (the ledger publishes it once); a changed state is a new one.
 */
public final class SnapshotIds {

    private SnapshotIds() {
    }

    public static String of(JsonNode object, String what) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(object.toString()
                    .getBytes(StandardCharsets.UTF_8));
            return EventSource.SNAPSHOT_PREFIX + object.path("id").asText() + ":" + what + ":"
                    + HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
