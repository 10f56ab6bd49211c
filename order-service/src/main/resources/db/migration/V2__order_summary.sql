-- Read model of GET /orders/{id}. A projection of the event store: it can be dropped and rebuilt.
create table order_summary (
    order_id       varchar(255) not null primary key,
    status         varchar(32)  not null,
    provider       varchar(16)  not null,
    payment_ref    varchar(255),
    amount_minor   bigint,
    currency       char(3),
    refunded_minor bigint       not null default 0,
    created_at     timestamptz  not null,
    updated_at     timestamptz  not null
);
