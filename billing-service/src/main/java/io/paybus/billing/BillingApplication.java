package io.paybus.billing;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Billing service: keeps subscriptions from the normalized provider events, schedules renewals
 * ({@code billing.schedule}), renews through the provider with dunning, and publishes the
 * outcomes ({@code billing.events}); credits and metered usage per customer.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class BillingApplication {

    public static void main(String[] args) {
        SpringApplication.run(BillingApplication.class, args);
    }
}
