package io.paybus.order.gateway;

import io.paybus.order.gateway.paypal.PaypalProvider;
import io.paybus.order.gateway.stripe.StripeProvider;
import java.time.Clock;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The providers behind the unified gateway. */
@Configuration(proxyBeanMethods = false)
class GatewayConfig {

    @Bean
    PaymentProviders paymentProviders(GatewayProperties properties, Clock clock) {
        return new PaymentProviders(List.of(new StripeProvider(properties), new PaypalProvider(properties, clock)));
    }
}
