package io.paybus.billing;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Billing service: will consume {@code billing.schedule} and renew subscriptions through the
 * provider API (see the billing issue). For now it only starts and reports health, so the local
 * stack runs all three services from day one.
 */
@SpringBootApplication
public class BillingApplication {

    public static void main(String[] args) {
        SpringApplication.run(BillingApplication.class, args);
    }
}
