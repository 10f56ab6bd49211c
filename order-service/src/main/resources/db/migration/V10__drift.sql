-- Drift checks: a sample of orders (or one order) compared with their provider's live view of the
-- payment; each field that differs is a finding, kept for operators with both values.
create table drift_check (
    id           bigserial   primary key,
    kind         text        not null check (kind in ('sample', 'order')),
    requested_by text        not null,
    reason       text,
    started_at   timestamptz not null,
    finished_at  timestamptz,
    checked      integer     not null default 0,  -- orders compared
    drifted      integer     not null default 0,  -- of those, orders with at least one difference
    unreachable  integer     not null default 0   -- orders whose provider could not be asked
);

create table drift_finding (
    id         bigserial   primary key,
    check_id   bigint      not null references drift_check (id),
    order_id   text        not null,
    provider   text        not null,
    field      text        not null,
    ours       text,
    theirs     text,
    found_at   timestamptz not null
);
create index drift_finding_recent on drift_finding (id desc);
create index drift_finding_order on drift_finding (order_id, id desc);
