package io.paybus.order.gateway;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The providers behind the unified gateway, by name ({@code STRIPE}, {@code PAYPAL}; any case). */
public final class PaymentProviders {

    private final Map<String, PaymentProvider> byName;

    public PaymentProviders(Collection<PaymentProvider> providers) {
        this.byName = providers.stream()
                .collect(Collectors.toUnmodifiableMap(PaymentProvider::name, Function.identity()));
    }

    public Optional<PaymentProvider> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(byName.get(name.toUpperCase(Locale.ROOT)));
    }

    /** The names, lower case, as a request spells them. */
    public java.util.List<String> names() {
        return byName.keySet().stream().map(n -> n.toLowerCase(Locale.ROOT)).sorted().toList();
    }
}
