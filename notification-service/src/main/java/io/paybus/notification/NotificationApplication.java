package io.paybus.notification;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Notification service: what "other services subscribe to the payment topics" looks like. It reads
 * {@code orders.events} and {@code billing.events} and mails buyers their receipt and refund
 * confirmations, and operators an alert when a renewal failed for good (mail and JSON webhook).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NotificationApplication {

    public static void main(String[] args) {
        SpringApplication.run(NotificationApplication.class, args);
    }
}
