package io.paybus.billing.receipt;

import io.paybus.billing.BillingProperties;
import io.paybus.events.Customer;
import io.paybus.events.OrderEventEnvelope;
import io.paybus.events.PublishedOrderEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Receipts of one-time payments, kept from {@code orders.events}: {@code order.paid} issues the
 * order's receipt, {@code order.partially_refunded} / {@code order.refunded} a credit note of what
 * was refunded since the last one, {@code order.dispute_lost} a credit note of what was left and
 * the mark on the receipt. Each record is applied once (by its event id, in the same transaction).
 *
 * <p>Numbers ({@code PB-2026-000123}, credit notes {@code PB-CN-2026-000001}) are gapless and never
 * reused: a series' counter row is locked and moved in the transaction that inserts the document,
 * so concurrent consumers (two instances) take turns, and a transaction that rolls back gives its
 * number back. An order has one receipt (unique), whatever the redeliveries.
 */
@Service
public class Receipts {

    private static final Logger log = LoggerFactory.getLogger(Receipts.class);

    private final JdbcTemplate jdbc;
    private final BillingProperties.Receipts properties;
    private final Clock clock;

    Receipts(JdbcTemplate jdbc, BillingProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties.receipts();
        this.clock = clock;
    }

    /** Applies an {@code orders.events} record; false when it was applied before (or says nothing to receipts). */
    @Transactional
    public boolean apply(OrderEventEnvelope event) {
        if (jdbc.update("insert into applied_order_event (event_id) values (?) on conflict do nothing",
                event.eventId()) == 0) {
            return false;
        }
        PublishedOrderEvent payload = event.payload();
        if (payload instanceof PublishedOrderEvent.OrderPaid paid) {
            return issue(event.orderId(), paid, event.customer());
        }
        if (payload instanceof PublishedOrderEvent.OrderPartiallyRefunded refund) {
            return refunded(event.orderId(), refund.refundedTotal().minor());
        }
        if (payload instanceof PublishedOrderEvent.OrderRefunded refund) {
            return refunded(event.orderId(), refund.refundedTotal().minor());
        }
        if (payload instanceof PublishedOrderEvent.OrderDisputeLost) {
            return disputeLost(event.orderId());
        }
        return false;
    }

    private boolean issue(String orderId, PublishedOrderEvent.OrderPaid paid, Customer buyer) {
        if (ofOrder(orderId).isPresent()) {
            return false;
        }
        Instant now = clock.instant();
        String series = properties.prefix() + "-" + now.atZone(ZoneOffset.UTC).getYear();
        long sequence = next(series);
        String number = series + "-" + String.format(Locale.ROOT, "%06d", sequence);
        BillingProperties.Seller seller = properties.seller();
        jdbc.update("""
                insert into receipt (number, series, sequence, order_id, issued_at, seller_name, seller_address,
                                     seller_tax_id, seller_email, buyer_id, buyer_name, buyer_email, buyer_locale,
                                     buyer_country, description, amount_minor, currency, payment_method, provider_ref)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, number, series, sequence, orderId, Timestamp.from(now), seller.name(), seller.address(),
                seller.taxId(), seller.email(), buyer == null ? null : buyer.id(), buyer == null ? null : buyer.name(),
                buyer == null ? null : buyer.email(), buyer == null ? null : buyer.locale(),
                buyer == null ? null : buyer.country(), "Order " + orderId, paid.amount().minor(),
                paid.amount().currency().getCurrencyCode(), paid.provider(), paid.paymentRef());
        log.info("receipt {} issued for order {}: {} {}", number, orderId, paid.amount().minor(),
                paid.amount().currency());
        return true;
    }

    /** A credit note of what was refunded since the receipt's last one. */
    private boolean refunded(String orderId, long refundedTotal) {
        Receipt receipt = ofOrder(orderId).orElse(null);
        if (receipt == null) {
            log.warn("order {} refunded without a receipt here (paid before receipts were kept): no credit note",
                    orderId);
            return false;
        }
        long credit = refundedTotal - receipt.refunded();
        if (credit <= 0) {
            return false;
        }
        creditNote(receipt, "refund", credit);
        jdbc.update("update receipt set refunded_minor = ? where number = ?", refundedTotal, receipt.number());
        return true;
    }

    /** A lost dispute: the money went back to the buyer, a credit note of what was not refunded yet. */
    private boolean disputeLost(String orderId) {
        Receipt receipt = ofOrder(orderId).orElse(null);
        if (receipt == null || receipt.disputeLostAt() != null) {
            return false;
        }
        long rest = receipt.amount() - receipt.refunded();
        if (rest > 0) {
            creditNote(receipt, "dispute_lost", rest);
        }
        jdbc.update("update receipt set dispute_lost_at = ?, refunded_minor = amount_minor where number = ?",
                Timestamp.from(clock.instant()), receipt.number());
        return true;
    }

    private void creditNote(Receipt receipt, String kind, long amount) {
        Instant now = clock.instant();
        String series = properties.prefix() + "-CN-" + now.atZone(ZoneOffset.UTC).getYear();
        long sequence = next(series);
        String number = series + "-" + String.format(Locale.ROOT, "%06d", sequence);
        jdbc.update("insert into credit_note (number, series, sequence, receipt_number, kind, amount_minor, currency,"
                + " issued_at) values (?, ?, ?, ?, ?, ?, ?, ?)", number, series, sequence, receipt.number(), kind, amount,
                receipt.currency(), Timestamp.from(now));
        log.info("credit note {} ({}) of {} {} against receipt {}", number, kind, amount, receipt.currency(),
                receipt.number());
    }

    /** The series' next number, its counter row locked until this transaction ends. */
    private long next(String series) {
        jdbc.update("insert into document_counter (series, next_number) values (?, 1) on conflict do nothing", series);
        return jdbc.queryForObject("update document_counter set next_number = next_number + 1 where series = ?"
                + " returning next_number - 1", Long.class, series);
    }

    public Optional<Receipt> find(String number) {
        return jdbc.query("select * from receipt where number = ?", this::map, number).stream().findFirst();
    }

    /** The customer's receipts, newest first, at most {@code limit}, issued before {@code before} when given. */
    public List<Receipt> ofCustomer(String customerId, Instant before, int limit) {
        return jdbc.query("select * from receipt where buyer_id = ? and (cast(? as timestamptz) is null or issued_at < ?)"
                + " order by issued_at desc, number desc limit ?", this::map, customerId,
                before == null ? null : Timestamp.from(before), before == null ? null : Timestamp.from(before), limit);
    }

    public Optional<Receipt> ofOrder(String orderId) {
        return jdbc.query("select * from receipt where order_id = ?", this::map, orderId).stream().findFirst();
    }

    private Receipt map(ResultSet rs, int row) throws SQLException {
        String number = rs.getString("number");
        List<Receipt.CreditNote> notes = jdbc.query("select * from credit_note where receipt_number = ? order by"
                + " sequence", (n, i) -> new Receipt.CreditNote(n.getString("number"), n.getString("kind"),
                n.getLong("amount_minor"), n.getString("currency"), n.getTimestamp("issued_at").toInstant()), number);
        Timestamp lost = rs.getTimestamp("dispute_lost_at");
        return new Receipt(number, rs.getString("order_id"), rs.getTimestamp("issued_at").toInstant(),
                new Receipt.Party(rs.getString("seller_name"), rs.getString("seller_address"),
                        rs.getString("seller_tax_id"), rs.getString("seller_email"), null),
                new Receipt.Party(rs.getString("buyer_name"), null, null, rs.getString("buyer_email"),
                        rs.getString("buyer_country")), rs.getString("buyer_id"), rs.getString("buyer_locale"),
                rs.getString("description"), rs.getLong("amount_minor"), rs.getString("currency"),
                rs.getString("payment_method"), rs.getString("provider_ref"), rs.getLong("refunded_minor"),
                lost == null ? null : lost.toInstant(), notes);
    }
}
