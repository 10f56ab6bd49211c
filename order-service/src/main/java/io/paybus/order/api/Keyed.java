package io.paybus.order.api;

import io.paybus.order.gateway.GatewayProperties;
import java.util.function.Supplier;

/** An answer of the payment API, and whether it is a stored one given again. */
record Keyed(Answer answer, boolean replayed) {

    /**
     * A request under an optional {@code Idempotency-Key}: either a stored answer to give again, or
     * the id of what to create and whether this is a retry.
     */
    record Start(IdempotencyStore store, String key, String scope, Keyed replay, String resourceId, boolean retry) {

        /**
         * Ends the request: a final answer is stored for the key; otherwise the key is released so
         * that a retry can go on at once. Returns the answer to give.
         */
        Keyed finish(Answer answer, boolean fin) {
            if (key != null) {
                if (fin) {
                    store.complete(key, scope, answer.status(), answer.body());
                } else {
                    store.release(key, scope);
                }
            }
            return new Keyed(answer, false);
        }
    }

    static Start start(IdempotencyStore store, String key, String scope, Object request, GatewayProperties properties,
            Supplier<String> newResourceId) {
        if (key == null) {
            return new Start(store, null, scope, null, newResourceId.get(), false);
        }
        IdempotencyStore.Claim claim = store.claim(key, scope, IdempotencyStore.fingerprint(request),
                properties.idempotencyLease(), newResourceId);
        if (claim instanceof IdempotencyStore.Replay replay) {
            return new Start(store, key, scope, new Keyed(Answer.replay(replay.status(), replay.body()), true), null,
                    false);
        }
        IdempotencyStore.Proceed proceed = (IdempotencyStore.Proceed) claim;
        return new Start(store, key, scope, null, proceed.resourceId(), proceed.retry());
    }
}
