-- The billing consumers' dead letters move to the platform's paybus_dead_letter (migrated before
-- this service's tables), the one dead-letter table every service has, with the same ids, so the
-- audit log's "dead-letter:<id>" still names them. Each is scoped to the listener that failed it.
insert into paybus_dead_letter (id, consumer, record_key, source_topic, source_partition, source_offset, error_class,
                                error_message, stack_summary, attempts, payload, status, discard_reason, created_at,
                                resolved_at)
select id,
       case source_topic when 'billing.schedule' then 'billing-service/billing-renewals/billing.schedule'
                         else 'billing-service/billing-subscriptions/' || replace(source_topic, '/', '_') end,
       subscription_id, source_topic, source_partition, source_offset, error_class, error_message, stack_summary, 1,
       payload, status, discard_reason, created_at, resolved_at
  from schedule_dead_letter
 order by id;

select setval(pg_get_serial_sequence('paybus_dead_letter', 'id'),
              greatest((select max(id) from paybus_dead_letter), 1),
              (select max(id) from paybus_dead_letter) is not null);

drop table schedule_dead_letter;
