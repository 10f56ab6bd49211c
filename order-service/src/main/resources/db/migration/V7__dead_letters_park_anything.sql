-- Any record must be parkable, whatever its key or content: a record that cannot be parked is
-- retried forever and stalls every order behind it. Keys and texts become unbounded text.
alter table inbound_dead_letter
    alter column order_key type text,
    alter column source_topic type text,
    alter column event_type type text,
    alter column provider_event_id type text,
    alter column error_class type text;
