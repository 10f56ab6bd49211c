-- Drift checks and findings move to the platform's tables (paybus_drift_check/_finding, platform
-- migration V3), where the billing service keeps its subscriptions' too; same ids, subject 'orders'.
insert into paybus_drift_check (id, subject, kind, requested_by, reason, started_at, finished_at, checked, drifted,
                                unreachable)
select id, 'orders', case kind when 'order' then 'one' else kind end, requested_by, reason, started_at, finished_at,
       checked, drifted, unreachable
  from drift_check;
insert into paybus_drift_finding (id, check_id, subject, subject_id, provider, field, ours, theirs, found_at)
select id, check_id, 'orders', order_id, provider, field, ours, theirs, found_at from drift_finding;
select setval(pg_get_serial_sequence('paybus_drift_check', 'id'), greatest(coalesce(max(id), 0), 1)) from paybus_drift_check;
select setval(pg_get_serial_sequence('paybus_drift_finding', 'id'), greatest(coalesce(max(id), 0), 1)) from paybus_drift_finding;
drop table drift_finding;
drop table drift_check;
