-- Deliveries already published, for dropping provider redeliveries (Stripe and PayPal retry for
-- up to 3 days). A row is written in the same transaction that waited for Kafka's acknowledgement,
-- so it exists only for deliveries that Kafka has.
create table webhook_delivery (
    provider          varchar(16)  not null,
    provider_event_id varchar(255) not null,
    event_id          uuid         not null,
    aggregate_key     varchar(255) not null, -- order id, or subscription id for subscription events
    received_at       timestamptz  not null,
    primary key (provider, provider_event_id)
);

create index webhook_delivery_received_at on webhook_delivery (received_at);
