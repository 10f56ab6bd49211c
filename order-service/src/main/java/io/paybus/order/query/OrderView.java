package io.paybus.order.query;

import java.time.Instant;

/**
 * An order as {@code GET /orders/{id}} shows it, from the read model.
 *
 * @param amount   the order's amount in minor units (as placed, then as the provider confirmed it);
 *                 {@code null} for an adopted order until its payment is confirmed
 * @param refunded cumulative refunded amount in minor units
 * @param customerId    the merchant's customer id, when {@code POST /orders} named one
 * @param customerEmail the buyer's email: what {@code POST /orders} said, else what the provider told
 */
public record OrderView(String orderId, String status, String provider, String paymentRef, Long amount,
                        String currency, long refunded, Instant createdAt, Instant updatedAt, String customerId,
                        String customerEmail) {
}
