-- Drift checks of every service, one shape: a sample of subjects (orders, subscriptions), or one,
-- compared with their provider's live view; each field that differs is a finding, kept with both
-- values until a repair ingested the provider's view as snapshot facts.
create table paybus_drift_check (
    id           bigserial   primary key,
    subject      text        not null,              -- orders, subscriptions
    kind         text        not null check (kind in ('sample', 'one')),
    requested_by text        not null,
    reason       text,
    started_at   timestamptz not null,
    finished_at  timestamptz,
    checked      integer     not null default 0,    -- subjects compared
    drifted      integer     not null default 0,    -- of those, subjects with at least one difference
    unreachable  integer     not null default 0     -- subjects whose provider could not be asked
);

create table paybus_drift_finding (
    id          bigserial   primary key,
    check_id    bigint      not null references paybus_drift_check (id),
    subject     text        not null,
    subject_id  text        not null,               -- the order or subscription id
    provider    text        not null,
    field       text        not null,
    ours        text,
    theirs      text,
    found_at    timestamptz not null,
    repaired_at timestamptz,
    repaired_by text
);
create index paybus_drift_finding_recent on paybus_drift_finding (subject, id desc);
create index paybus_drift_finding_subject on paybus_drift_finding (subject, subject_id, id desc);
