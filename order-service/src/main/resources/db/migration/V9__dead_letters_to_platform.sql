-- The inbound consumer's dead letters move to the platform's paybus_dead_letter (migrated before
-- this service's tables), the one dead-letter table every service has, with the same ids, so the
-- audit log's "dead-letter:<id>" still names them.
insert into paybus_dead_letter (id, consumer, record_key, source_topic, source_partition, source_offset, event_type,
                                provider_event_id, error_class, error_message, stack_summary, attempts, payload, status,
                                discard_reason, created_at, resolved_at, replaying_until)
select id, 'order-service/order-inbound/payments.inbound', order_key, source_topic, source_partition, source_offset,
       event_type, provider_event_id, error_class, error_message, stack_summary, attempts, payload, status,
       discard_reason, created_at, resolved_at, replaying_until
  from inbound_dead_letter
 order by id;

select setval(pg_get_serial_sequence('paybus_dead_letter', 'id'),
              greatest((select max(id) from paybus_dead_letter), 1),
              (select max(id) from paybus_dead_letter) is not null);

drop table inbound_dead_letter;
