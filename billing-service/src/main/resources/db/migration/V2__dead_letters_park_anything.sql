-- Any record must be parkable, whatever its key or content: a record that cannot be parked is
-- retried forever and stalls its partition. Keys and texts become unbounded text.
alter table schedule_dead_letter
    alter column subscription_id type text,
    alter column source_topic type text,
    alter column error_class type text;
