-- Renewal notices published (renewal.upcoming), one per subscription period, whichever instance comes first.
create table renewal_notice (
    subscription_id text        not null,
    period_end      timestamptz not null,
    noticed_at      timestamptz not null,
    primary key (subscription_id, period_end)
);
