package io.paybus.platform.security;

import java.util.List;

/**
 * The scopes a credential (API key or JWT) can carry, least privilege: each endpoint needs exactly
 * one of them. Spring authorities are {@code SCOPE_<scope>}, as Spring's JWT support names them.
 */
public final class Scopes {

    /** Create orders through the gateway. */
    public static final String ORDERS_WRITE = "orders:write";
    /** Refund an order through the gateway. */
    public static final String REFUNDS_WRITE = "refunds:write";
    /** Read orders and their history. */
    public static final String ORDERS_READ = "orders:read";
    /** Consume credits, record usage. */
    public static final String BILLING_WRITE = "billing:write";
    /** Read subscriptions, credits and usage. */
    public static final String BILLING_READ = "billing:read";
    /** Grant credits. */
    public static final String BILLING_ADMIN = "billing:admin";
    /** Dead letters, projection dead letters, rebuilds, the audit log: every operator verb. */
    public static final String OPERATOR = "operator";

    public static final List<String> ALL = List.of(ORDERS_WRITE, REFUNDS_WRITE, ORDERS_READ, BILLING_WRITE,
            BILLING_READ, BILLING_ADMIN, OPERATOR);

    private Scopes() {
    }

    /** The Spring authority that stands for {@code scope}. */
    public static String authority(String scope) {
        return "SCOPE_" + scope;
    }
}
