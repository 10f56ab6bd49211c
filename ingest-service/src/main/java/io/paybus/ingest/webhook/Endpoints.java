package io.paybus.ingest.webhook;

import java.util.Map;
import java.util.Optional;

/**
 * A provider's webhook endpoints by name; the default endpoint (no name in the path) is
 * {@link #DEFAULT}. An unknown name is a 404 problem, not a 500.
 *
 * @param <V> the endpoint's verifier
 */
public final class Endpoints<V> {

    public static final String DEFAULT = "default";

    private final String provider;
    private final Map<String, V> verifiers;

    public Endpoints(String provider, Map<String, V> verifiers) {
        this.provider = provider;
        this.verifiers = Map.copyOf(verifiers);
    }

    public V verifierFor(Optional<String> endpoint) {
        String name = endpoint.orElse(DEFAULT);
        V verifier = verifiers.get(name);
        if (verifier == null) {
            throw new WebhookRejectedException(Rejection.ENDPOINT_NOT_CONFIGURED,
                    "no " + provider + " endpoint '" + name + "' is configured");
        }
        return verifier;
    }
}
