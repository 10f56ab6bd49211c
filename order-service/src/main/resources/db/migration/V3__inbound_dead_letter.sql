-- Inbound records order-service could not apply, and the later records of the same order parked
-- behind them, for operators to list, inspect, replay and discard. The dead-letter topic keeps
-- the same records for other consumers; this table is the operators' index and the parking lot.
create table inbound_dead_letter (
    id                bigserial    primary key,
    order_key         varchar(255),
    source_topic      varchar(255) not null,
    source_partition  integer      not null,
    source_offset     bigint       not null,
    event_type        varchar(64),
    provider_event_id varchar(255),
    error_class       varchar(255) not null,
    error_message     text,
    stack_summary     text,
    attempts          integer      not null,
    payload           bytea,
    status            varchar(16)  not null, -- PARKED, REPLAYING, REPLAYED, DISCARDED
    discard_reason    text,
    created_at        timestamptz  not null,
    resolved_at       timestamptz,
    unique (source_topic, source_partition, source_offset)
);

create index inbound_dead_letter_open on inbound_dead_letter (order_key) where status in ('PARKED', 'REPLAYING');
