-- Subscriptions as the provider events describe them (the service answers without calling a provider).
create table subscription (
    subscription_id      varchar(255) not null primary key,
    provider             varchar(16)  not null,
    customer_id          varchar(255),
    plan_id              varchar(100),
    price_ref            varchar(255),
    status               varchar(16)  not null, -- trialing, active, past_due, paused, canceled
    current_period_start timestamptz,
    current_period_end   timestamptz,
    trial_end            timestamptz,
    cancel_at_period_end boolean      not null default false,
    provider_time        timestamptz  not null, -- provider time of the latest event applied
    updated_at           timestamptz  not null
);
create index subscription_customer on subscription (customer_id);
create index subscription_due on subscription (current_period_end) where status in ('active', 'trialing');

-- Provider events already applied (redeliveries change nothing).
create table applied_provider_event (
    event_key  varchar(300) not null primary key,
    applied_at timestamptz  not null default now()
);

-- One row per subscription period to renew: the scheduler inserts it once (primary key), whichever
-- instance comes first; it is published to billing.schedule when next_attempt_at has come.
create table renewal (
    subscription_id varchar(255) not null,
    period_start    timestamptz  not null,
    period_end      timestamptz  not null,
    state           varchar(16)  not null, -- DUE, RETRYING, PAST_DUE, SUCCEEDED, CANCELED
    attempts        integer      not null default 0, -- declined payment attempts so far
    next_attempt_at timestamptz,
    published       boolean      not null default false,
    invoice_ref     varchar(255),
    last_error      text,
    created_at      timestamptz  not null,
    updated_at      timestamptz  not null,
    primary key (subscription_id, period_start)
);
create index renewal_to_publish on renewal (next_attempt_at) where not published;

-- billing.events written in the same transaction as the change they report, published after.
create table billing_outbox (
    id             bigserial    primary key,
    subscription_id varchar(255) not null,
    payload        bytea        not null,
    published      boolean      not null default false,
    created_at     timestamptz  not null
);
create index billing_outbox_unpublished on billing_outbox (id) where not published;

-- Credits: a ledger (grants and consumptions, idempotent by key) and each customer's balance.
create table credit_balance (
    customer_id varchar(255) not null primary key,
    balance     bigint       not null check (balance >= 0)
);
create table credit_ledger (
    customer_id varchar(255) not null,
    request_key varchar(255) not null,
    amount      bigint       not null, -- positive: granted, negative: consumed
    reason      varchar(255),
    balance_after bigint     not null,
    created_at  timestamptz  not null,
    primary key (customer_id, request_key)
);

-- Metered usage, reported to the provider once, at the renewal of the period it fell in.
create table usage_record (
    customer_id     varchar(255) not null,
    request_key     varchar(255) not null,
    quantity        bigint       not null check (quantity > 0),
    recorded_at     timestamptz  not null,
    reported_period varchar(400), -- subscription and period it was billed with
    primary key (customer_id, request_key)
);
create index usage_unreported on usage_record (customer_id) where reported_period is null;

-- Schedule events the service could not process, for operators.
create table schedule_dead_letter (
    id               bigserial    primary key,
    subscription_id  varchar(255),
    source_topic     varchar(255) not null,
    source_partition integer      not null,
    source_offset    bigint       not null,
    error_class      varchar(255) not null,
    error_message    text,
    stack_summary    text,
    payload          bytea,
    status           varchar(16)  not null, -- PARKED, REPLAYED, DISCARDED
    discard_reason   text,
    created_at       timestamptz  not null,
    resolved_at      timestamptz,
    unique (source_topic, source_partition, source_offset)
);
