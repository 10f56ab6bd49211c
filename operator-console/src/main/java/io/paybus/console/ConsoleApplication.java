package io.paybus.console;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The operators' console: pages for searching and looking at orders, acting on them with a reason,
 * dead letters of every service, subscriptions, credits and receipts, reconciliation and the audit
 * log. It holds no data of its own: every page is one or more calls to the services' public REST
 * APIs with the operator's API key, so the console can do nothing the key could not do with curl.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ConsoleApplication {

    public static void main(String[] args) {
        SpringApplication.run(ConsoleApplication.class, args);
    }
}
