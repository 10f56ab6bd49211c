package io.paybus.order.query;

import java.time.Instant;

/**
 * An order as {@code GET /orders/{id}} shows it, from the read model.
 *
 * @param amount   confirmed amount in minor units, {@code null} until a payment is confirmed
 * @param refunded cumulative refunded amount in minor units
 */
public record OrderView(String orderId, String status, String provider, String paymentRef, Long amount,
                        String currency, long refunded, Instant createdAt, Instant updatedAt) {
}
