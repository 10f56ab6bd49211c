package io.paybus.billing.receipt;

import java.time.Instant;
import java.util.List;

/**
 * A receipt of a one-time payment, as {@code GET /receipts/{number}} shows it, with the credit
 * notes issued against it.
 */
public record Receipt(String number, String orderId, Instant issuedAt, Party seller, Party buyer, String customerId,
                      String locale, String description,
                      long amount, String currency, String paymentMethod, String providerRef, long refunded,
                      Instant disputeLostAt, List<CreditNote> creditNotes) {

    /** A seller or buyer, as far as known. */
    public record Party(String name, String address, String taxId, String email, String country) {
    }

    /** A refund (part or all) or a lost dispute, against the receipt. */
    public record CreditNote(String number, String kind, long amount, String currency, Instant issuedAt) {
    }
}
