-- Reconciliation runs: a window of a provider account's events compared with the delivery ledger,
-- page by page, newest first. The cursor (the last event handled) and the counts are saved after
-- each page, so a run resumes where it stopped after a crash or a restart; the lease makes a run one
-- instance's at a time across a cluster.
create table reconcile_run (
    id           bigserial   primary key,
    account      text        not null,              -- stripe:default, stripe:<endpoint>
    kind         text        not null check (kind in ('sweep', 'backfill')),
    window_start timestamptz not null,
    window_end   timestamptz not null,
    cursor       text,                              -- the provider's id of the last event handled
    position     timestamptz,                       -- its creation time: how far through the window
    scanned      bigint      not null default 0,    -- events listed
    relevant     bigint      not null default 0,    -- of those, events we publish (others are ignored types)
    delivered    bigint      not null default 0,    -- relevant events the ledger had (webhook, or an earlier run)
    recovered    bigint      not null default 0,    -- relevant events it did not have: published now
    unreadable   bigint      not null default 0,    -- events we could not normalize (logged)
    status       text        not null check (status in ('RUNNING', 'DONE', 'FAILED', 'CANCELED')),
    owner        text,
    lease_until  timestamptz,
    requested_by text,
    reason       text,
    last_error   text,
    started_at   timestamptz not null,
    updated_at   timestamptz not null,
    finished_at  timestamptz
);

-- One sweep of an account at a time, across every instance.
create unique index reconcile_run_one_sweep on reconcile_run (account) where kind = 'sweep' and status = 'RUNNING';
create index reconcile_run_recent on reconcile_run (account, kind, started_at desc);
