package io.paybus.ingest.webhook;

import io.paybus.ingest.IngestProperties;
import io.paybus.platform.security.InsecureConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Outside the {@code local} profile the ingest service refuses to start with a webhook secret that
 * has been published (anyone could sign with it and mark orders paid) or with no way to verify any
 * webhook at all.
 */
public final class WebhookSecretsGuard {

    /** Secrets that appear in our docs, tests or earlier defaults: never acceptable in production. */
    static final Set<String> PUBLISHED = Set.of("whsec_paybus_local_demo", "whsec_test_secret", "whsec_bench");

    private WebhookSecretsGuard() {
    }

    public static void check(IngestProperties properties, boolean local) {
        if (local) {
            return;
        }
        List<String> secrets = new ArrayList<>(properties.stripe().secrets());
        properties.stripe().expiringSecrets().forEach(s -> secrets.add(s.value()));
        properties.stripe().endpoints().values().forEach(e -> {
            secrets.addAll(e.secrets());
            e.expiringSecrets().forEach(s -> secrets.add(s.value()));
        });
        for (String secret : secrets) {
            if (PUBLISHED.contains(secret)) {
                throw new InsecureConfigurationException("a Stripe webhook secret is the published demo secret "
                        + secret + "; anyone could forge webhooks with it. Set PAYBUS_INGEST_STRIPE_SECRETS_0 to the"
                        + " endpoint's signing secret from the Stripe dashboard");
            }
        }
        boolean paypal = (properties.paypal().webhookId() != null && !properties.paypal().webhookId().isBlank())
                || !properties.paypal().endpoints().isEmpty();
        if (secrets.isEmpty() && !paypal) {
            throw new InsecureConfigurationException("no webhook can be verified: set a Stripe signing secret"
                    + " (PAYBUS_INGEST_STRIPE_SECRETS_0=whsec_…) or a PayPal webhook id"
                    + " (PAYBUS_INGEST_PAYPAL_WEBHOOK_ID)");
        }
    }
}
