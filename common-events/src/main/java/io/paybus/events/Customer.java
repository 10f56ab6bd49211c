package io.paybus.events;

/**
 * Who an order is for, as the merchant told {@code POST /orders}, completed by what the provider
 * told of the buyer: what a receipt and a mail need. Every part may be absent (an order the gateway
 * did not create has no customer until its provider names the buyer).
 *
 * @param id      the merchant's customer id
 * @param email   where receipts and notices go
 * @param name    as printed on a receipt
 * @param locale  BCP 47 tag of the language mails are written in ({@code en}, {@code zh-CN})
 * @param country ISO 3166-1 alpha-2, for the receipt
 */
public record Customer(String id, String email, String name, String locale, String country) {

    /**
     * This customer, its empty parts filled from {@code other}: what the merchant said wins, the
     * provider's details complete it. {@code known} may be {@code null} (nothing said yet).
     */
    public static Customer completed(Customer known, Customer other) {
        if (other == null) {
            return known;
        }
        if (known == null) {
            return other;
        }
        return new Customer(or(known.id, other.id), or(known.email, other.email), or(known.name, other.name),
                or(known.locale, other.locale), or(known.country, other.country));
    }

    private static String or(String mine, String theirs) {
        return mine != null && !mine.isBlank() ? mine : theirs;
    }
}
