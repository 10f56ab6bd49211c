package io.paybus.order.command;

/**
 * What a capture is to be asked of: the PayPal order, and the request id of this attempt (PayPal's
 * idempotency key); {@code captureId} when it was captured already ({@code done}: nothing to ask).
 */
public record CaptureTarget(String providerRef, String requestId, String captureId, boolean done) {
}
