package io.paybus.order.gateway;

/** A refund the provider accepted: its id and status word ({@code pending}, {@code succeeded}, {@code COMPLETED}…). */
public record CreatedRefund(String providerRefundId, String providerStatus) {
}
