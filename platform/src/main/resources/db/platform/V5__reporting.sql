-- Read-only SQL for analysts and agents: each service puts documented views of its own tables in
-- the reporting schema, and paybus_readonly may read those views and nothing else (no table of
-- the service, no write, no DDL). The role is a group without login: a DBA hands it out with
--   create role analyst login password '…' in role paybus_readonly;
-- Creating it needs CREATEROLE; a migration user without it leaves the role to the DBA (a notice
-- says so), who then grants: grant usage on schema reporting, select on all tables in schema
-- reporting to paybus_readonly (each database).
create schema if not exists reporting;
comment on schema reporting is 'Paybus: stable, documented read-only views of this service''s data, for analysts and agents (role paybus_readonly)';

do $$
begin
    if not exists (select 1 from pg_roles where rolname = 'paybus_readonly') then
        create role paybus_readonly nologin;
    end if;
exception when insufficient_privilege then
    raise notice 'paybus_readonly not created (the migration user lacks CREATEROLE): a DBA creates it, then restarts the service';
end
$$;

do $$
begin
    if exists (select 1 from pg_roles where rolname = 'paybus_readonly') then
        execute 'grant usage on schema reporting to paybus_readonly';
        -- views a later migration adds are readable too
        execute 'alter default privileges in schema reporting grant select on tables to paybus_readonly';
        execute format('grant connect on database %I to paybus_readonly', current_database());
    end if;
end
$$;
