-- Receipts of one-time payments (orders.events), numbered per series without gap or reuse: the
-- counter row is taken (locked) in the same transaction that inserts the receipt, so two instances
-- take turns and a rolled-back insert gives its number back. Credit notes likewise, in their own series.
create table document_counter (
    series      text   primary key,          -- PB-2026, PB-CN-2026
    next_number bigint not null
);

create table receipt (
    number          text        primary key, -- PB-2026-000123
    series          text        not null,
    sequence        bigint      not null,
    order_id        text        not null unique,
    issued_at       timestamptz not null,
    seller_name     text,
    seller_address  text,
    seller_tax_id   text,
    seller_email    text,
    buyer_id        text,                    -- the merchant's customer id, when POST /orders named one
    buyer_name      text,
    buyer_email     text,
    buyer_locale    text,
    buyer_country   text,
    description     text        not null,
    amount_minor    bigint      not null,
    currency        char(3)     not null,
    payment_method  text,                    -- STRIPE, PAYPAL, when the event said
    provider_ref    text,
    refunded_minor  bigint      not null default 0,
    dispute_lost_at timestamptz,
    unique (series, sequence)
);
create index receipt_buyer on receipt (buyer_id, issued_at desc);

create table credit_note (
    number         text        primary key,  -- PB-CN-2026-000001
    series         text        not null,
    sequence       bigint      not null,
    receipt_number text        not null references receipt (number),
    kind           text        not null check (kind in ('refund', 'dispute_lost')),
    amount_minor   bigint      not null,
    currency       char(3)     not null,
    issued_at      timestamptz not null,
    unique (series, sequence)
);
create index credit_note_receipt on credit_note (receipt_number);

-- orders.events records already applied (a redelivery or replay changes nothing).
create table applied_order_event (
    event_id   uuid        primary key,
    applied_at timestamptz not null default now()
);
