-- The reporting schema's views of the order service (see the platform's V5): stable names and
-- comments; amounts in minor units with their ISO 4217 currency; times in UTC. Events are read
-- from the event store's JSON payloads, so the views follow every event, also those of orders the
-- read model was rebuilt without.
create or replace view reporting.orders as
select order_id, status, provider, payment_ref, amount_minor, currency, refunded_minor, customer_id, customer_email,
       created_at, updated_at
  from public.order_summary;
comment on view reporting.orders is 'One row per order, as GET /orders/{id} shows it (the read model).';
comment on column reporting.orders.status is 'AWAITING_PAYMENT, PROCESSING, REQUIRES_ACTION, PAYMENT_FAILED, CANCELED, PAYMENT_MISMATCH, PAID, PARTIALLY_REFUNDED, REFUNDED, DISPUTED, DISPUTE_WON, DISPUTE_LOST';
comment on column reporting.orders.amount_minor is 'What the order is for (as placed, then as the provider confirmed it), in minor units of currency';
comment on column reporting.orders.refunded_minor is 'Refunded in all, minor units';
comment on column reporting.orders.customer_email is 'What POST /orders said, completed by the buyer the provider named';

create or replace view reporting.order_events as
select e.aggregateidentifier                                           as order_id,
       e.sequencenumber                                                as sequence,
       substring(e.payloadtype from '\$([A-Za-z]+)$')                  as type,
       convert_from(e.payload, 'UTF8')::jsonb ->> 'status'            as status_after,
       convert_from(e.payload, 'UTF8')::jsonb -> 'delivery' ->> 'provider'         as source,
       convert_from(e.payload, 'UTF8')::jsonb -> 'delivery' ->> 'providerEventId'  as source_event_id,
       (convert_from(e.payload, 'UTF8')::jsonb -> 'delivery' ->> 'occurredAt')::timestamptz as occurred_at,
       e."timestamp"::timestamptz                                      as recorded_at,
       convert_from(e.payload, 'UTF8')::jsonb                          as payload
  from public.domainevententry e
 where e.type = 'Order';
comment on view reporting.order_events is 'Every event of every order, oldest first per order: what GET /orders/{id}/history shows. source is STRIPE, PAYPAL or PAYBUS (our API, an operator); payload is the event as stored.';

create or replace view reporting.payments as
select order_id, sequence, payload ->> 'paymentRef' as payment_ref, (payload -> 'amount' ->> 'minor')::bigint as amount_minor,
       payload -> 'amount' ->> 'currency' as currency, source, occurred_at, recorded_at,
       case when type = 'InterventionRecorded' then payload ->> 'actor' end as marked_paid_by
  from reporting.order_events
 where type = 'PaymentConfirmed' or (type = 'InterventionRecorded' and payload ->> 'action' = 'MARK_PAID');
comment on view reporting.payments is 'Confirmed payments: the provider''s confirmation, or an operator''s mark-paid with evidence the provider confirmed (marked_paid_by).';

create or replace view reporting.refunds as
select order_id, sequence, payload ->> 'paymentRef' as payment_ref,
       (payload -> 'refundedTotal' ->> 'minor')::bigint as refunded_total_minor,
       payload -> 'refundedTotal' ->> 'currency' as currency, source, occurred_at, recorded_at
  from reporting.order_events
 where type = 'RefundRecorded';
comment on view reporting.refunds is 'Refund facts: each carries the payment''s cumulative refunded total, as the provider reported it.';

create or replace view reporting.disputes as
select order_id, sequence, payload -> 'fact' ->> 'disputeRef' as dispute_ref, payload -> 'fact' ->> 'stage' as stage,
       payload -> 'fact' ->> 'outcome' as outcome, source, occurred_at, recorded_at
  from reporting.order_events
 where type = 'PaymentFactRecorded' and payload -> 'fact' ->> 'kind' = 'dispute';
comment on view reporting.disputes is 'Dispute facts: opened, updated, funds withdrawn or reinstated, closed (with outcome won or lost).';
-- paybus_readonly may select them: the platform's V5 granted it select on what this user creates here.
