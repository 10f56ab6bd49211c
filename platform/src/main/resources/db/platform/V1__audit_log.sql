-- The audit log of every operator act and every money-moving call: who (an API key's id or a
-- JWT's subject), when, what, on what, why, and how it ended. Append-only: a trigger refuses
-- updates and deletes, so not even a bug of ours can rewrite it.
create table paybus_audit_log (
    id          bigserial    primary key,
    at          timestamptz  not null,
    actor       varchar(200) not null,
    action      varchar(100) not null,
    target      varchar(300),
    reason      varchar(1000),
    outcome     varchar(100) not null,
    details     text
);
create index paybus_audit_log_actor on paybus_audit_log (actor, id);
create index paybus_audit_log_action on paybus_audit_log (action, id);
create index paybus_audit_log_target on paybus_audit_log (target, id);

create function paybus_audit_log_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'paybus_audit_log is append-only';
end;
$$;
create trigger paybus_audit_log_append_only before update or delete on paybus_audit_log
    for each row execute function paybus_audit_log_append_only();
