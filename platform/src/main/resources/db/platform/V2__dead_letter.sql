-- Every consumer's dead letters, in one table of the same shape in every service: the records a
-- consumer could not apply, and (where the consumer keeps a key's records in order) the later
-- records of the same key parked behind them. Any record must be parkable, whatever its key or
-- content: a record that cannot be parked is retried for ever and stalls its partition, so keys and
-- texts are unbounded text and the payload is kept as bytes.
--
-- consumer is the scope that failed the record, service/listener/topic: a replay carries it in its
-- paybus-replay-of header, and only that consumer takes the replay for one of its dead letters.
create table paybus_dead_letter (
    id                bigserial   primary key,
    consumer          text        not null,
    record_key        text,
    source_topic      text        not null,
    source_partition  integer     not null,
    source_offset     bigint      not null,
    event_type        text,
    provider_event_id text,
    error_class       text        not null,
    error_message     text,
    stack_summary     text,
    attempts          integer     not null,
    payload           bytea,
    status            text        not null check (status in ('PARKED', 'REPLAYING', 'REPLAYED', 'DISCARDED')),
    discard_reason    text,
    created_at        timestamptz not null,
    resolved_at       timestamptz,
    -- while REPLAYING: when the replay's lease ends and the record is parked again if not applied
    replaying_until   timestamptz,
    unique (consumer, source_topic, source_partition, source_offset)
);

create index paybus_dead_letter_open on paybus_dead_letter (consumer, record_key, id)
    where status in ('PARKED', 'REPLAYING');
create index paybus_dead_letter_parked on paybus_dead_letter (consumer, id) where status = 'PARKED';
create index paybus_dead_letter_key on paybus_dead_letter (record_key, id);
