package io.paybus.billing.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paybus.events.SubscriptionChanged;
import io.paybus.events.SubscriptionChanged.Change;
import org.junit.jupiter.api.Test;

class SubscriptionStatusTest {

    @Test
    void stripeAndPaypalStatusesMapToOurs() {
        assertThat(SubscriptionStatus.of(changed(Change.UPDATED, "unpaid"))).isEqualTo(SubscriptionStatus.PAST_DUE);
        assertThat(SubscriptionStatus.of(changed(Change.UPDATED, "incomplete_expired")))
                .isEqualTo(SubscriptionStatus.CANCELED);
        assertThat(SubscriptionStatus.of(changed(Change.SUSPENDED, "SUSPENDED"))).isEqualTo(SubscriptionStatus.PAUSED);
        assertThat(SubscriptionStatus.of(changed(Change.CREATED, "APPROVAL_PENDING")))
                .isEqualTo(SubscriptionStatus.TRIALING);
    }

    @Test
    void withoutAStatusWeKnowTheKindOfChangeDecides() {
        assertThat(SubscriptionStatus.of(changed(Change.EXPIRED, null))).isEqualTo(SubscriptionStatus.CANCELED);
        assertThat(SubscriptionStatus.of(changed(Change.PAUSED, "something_new"))).isEqualTo(SubscriptionStatus.PAUSED);
        assertThat(SubscriptionStatus.of(changed(Change.RESUMED, null))).isEqualTo(SubscriptionStatus.ACTIVE);
    }

    @Test
    void storedAndShownInLowerCaseAndReadBack() {
        for (SubscriptionStatus status : SubscriptionStatus.values()) {
            assertThat(SubscriptionStatus.ofWire(status.wire())).isEqualTo(status);
        }
        assertThat(SubscriptionStatus.PAST_DUE.wire()).isEqualTo("past_due");
        assertThat(SubscriptionStatus.RENEWABLE).containsExactlyInAnyOrder(SubscriptionStatus.ACTIVE,
                SubscriptionStatus.TRIALING);
        assertThatThrownBy(() -> SubscriptionStatus.ofWire("ACTIVE")).isInstanceOf(IllegalArgumentException.class);
    }

    private static SubscriptionChanged changed(Change change, String status) {
        return new SubscriptionChanged("sub_1", change, "cus_1", status, "price_1", null, null, null, false);
    }
}
