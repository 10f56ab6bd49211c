package io.paybus.order.api;

import io.paybus.order.gateway.GatewayProperties;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * {@code Idempotency-Key} for the payment API, in one place of the web layer: a request under a
 * key either gets the stored answer again, or goes on with the id of what it creates (the same id
 * on a retry, hence the same provider idempotency key); its final answer is stored for the key, an
 * unsure one releases the key so that a retry goes on at once.
 */
@Component
class IdempotentRequests {

    /** Where a request stands: a stored answer to give again, or the resource id to create. */
    record Start(String key, String scope, Answer replay, String resourceId, boolean retry) {
    }

    private final IdempotencyStore store;
    private final GatewayProperties properties;

    IdempotentRequests(IdempotencyStore store, GatewayProperties properties) {
        this.store = store;
        this.properties = properties;
    }

    Start start(String key, String scope, Object request, Supplier<String> newResourceId) {
        if (key == null) {
            return new Start(null, scope, null, newResourceId.get(), false);
        }
        IdempotencyStore.Claim claim = store.claim(key, scope, IdempotencyStore.fingerprint(request),
                properties.idempotencyLease(), newResourceId);
        if (claim instanceof IdempotencyStore.Replay replay) {
            return new Start(key, scope, Answer.replay(replay.status(), replay.body()), null, false);
        }
        IdempotencyStore.Proceed proceed = (IdempotencyStore.Proceed) claim;
        return new Start(key, scope, null, proceed.resourceId(), proceed.retry());
    }

    /** An answer, and whether it is final for the key (else a retry may go on). */
    record Decided(Answer answer, boolean definitive) {
    }

    /**
     * The answer of a request: the stored one when the key was answered before, else what
     * {@code work} decides, stored for the key when final; the key is released when it is not, or
     * when {@code work} fails.
     */
    Answer answer(Start start, Supplier<Decided> work) {
        if (start.replay() != null) {
            return start.replay();
        }
        Decided decided;
        try {
            decided = work.get();
        } catch (RuntimeException e) {
            abandon(start);
            throw e;
        }
        finish(start, decided.answer(), decided.definitive());
        return decided.answer();
    }

    /** Ends the request: a definitive answer is stored for the key; otherwise the key is released. */
    void finish(Start start, Answer answer, boolean definitive) {
        if (start.key() == null) {
            return;
        }
        if (definitive) {
            store.complete(start.key(), start.scope(), answer.status(), answer.body());
        } else {
            store.release(start.key(), start.scope());
        }
    }

    /** The request failed unexpectedly: the key is released, a retry may go on. */
    void abandon(Start start) {
        if (start.key() != null) {
            store.release(start.key(), start.scope());
        }
    }
}
