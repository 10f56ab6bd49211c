package io.paybus.order.gateway;

/** A capture the provider took: its id and status word ({@code COMPLETED}, {@code PENDING}). */
public record CapturedPayment(String captureId, String providerStatus) {
}
