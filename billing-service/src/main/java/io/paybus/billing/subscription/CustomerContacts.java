package io.paybus.billing.subscription;

import io.paybus.billing.provider.ProviderRejectedException;
import io.paybus.billing.provider.StripeBilling;
import io.paybus.billing.provider.TransientProviderException;
import io.paybus.events.Customer;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Subscribers' contacts (what a renewal notice or a dunning mail needs): Stripe's customer, asked
 * once and kept in {@code customer_contact}. A customer Stripe does not know, or a Stripe that does
 * not answer, gives none (the event goes without; it is asked again next time).
 */
@Repository
public class CustomerContacts {

    private static final Logger log = LoggerFactory.getLogger(CustomerContacts.class);

    private final JdbcTemplate jdbc;
    private final StripeBilling stripe;
    private final Clock clock;

    CustomerContacts(JdbcTemplate jdbc, StripeBilling stripe, Clock clock) {
        this.jdbc = jdbc;
        this.stripe = stripe;
        this.clock = clock;
    }

    public Optional<Customer> of(String customerId) {
        if (customerId == null) {
            return Optional.empty();
        }
        Optional<Customer> kept = jdbc.query("select * from customer_contact where customer_id = ?",
                (rs, n) -> new Customer(customerId, rs.getString("email"), rs.getString("name"), rs.getString("locale"),
                        rs.getString("country")), customerId).stream().findFirst();
        if (kept.isPresent()) {
            return kept;
        }
        try {
            Customer contact = stripe.contact(customerId);
            jdbc.update("insert into customer_contact (customer_id, email, name, locale, country, fetched_at)"
                    + " values (?, ?, ?, ?, ?, ?) on conflict do nothing", customerId, contact.email(), contact.name(),
                    contact.locale(), contact.country(), Timestamp.from(clock.instant()));
            return Optional.of(contact);
        } catch (TransientProviderException | ProviderRejectedException e) {
            log.info("no contact of customer {} from Stripe: {}", customerId, e.getMessage());
            return Optional.empty();
        }
    }
}
