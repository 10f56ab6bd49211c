-- Addresses that get no non-transactional mail (renewal notices): hard bounces, unsubscribed.
-- Receipts, refunds, dunning and cancellations are transactional and still go.
create table suppressed_address (
    email      text        primary key,   -- lower case
    reason     text        not null,
    since      timestamptz not null,
    added_by   text        not null
);
