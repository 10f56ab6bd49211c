-- What orders.events last told other services about each order, so that one event is published
-- per change of status (and OrderPaid / OrderRefunded carry their amounts).
create table order_publication (
    order_id       varchar(255) not null primary key,
    status         varchar(32)  not null,
    last_sequence  bigint       not null,
    payment_ref    varchar(255),
    amount_minor   bigint,
    currency       char(3),
    refunded_minor bigint       not null default 0
);
