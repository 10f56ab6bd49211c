package io.paybus.events;

/**
 * Who an order is for, as the merchant told {@code POST /orders}: what a receipt and a mail need.
 * Every part may be absent (an order the gateway did not create has no customer at all).
 *
 * @param id      the merchant's customer id
 * @param email   where receipts and notices go
 * @param name    as printed on a receipt
 * @param locale  BCP 47 tag of the language mails are written in ({@code en}, {@code zh-CN})
 * @param country ISO 3166-1 alpha-2, for the receipt
 */
public record Customer(String id, String email, String name, String locale, String country) {
}
