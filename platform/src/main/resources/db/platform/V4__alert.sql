-- Alerts for operators, raised by the service in the transaction that found the cause, published
-- to operations.alerts by a relay (an outbox: an alert raised is published, also after a crash or
-- while Kafka was down). A condition (kind + subject) fires at most once until it is resolved: the
-- partial unique index makes that hold across instances.
create table paybus_alert (
    id           bigserial   primary key,
    alert_id     uuid        not null unique,   -- of this state; the contract's alertId
    kind         text        not null,
    state        text        not null check (state in ('firing', 'resolved')),
    subject      text        not null,
    summary      text        not null,
    detail       text,
    raised_at    timestamptz not null,
    condition    boolean     not null,          -- fires until resolved (dead letters), or a one-off finding
    resolved_at  timestamptz,                   -- a firing condition, once resolved (its resolved row follows)
    published_at timestamptz
);
create unique index paybus_alert_firing on paybus_alert (kind, subject)
    where condition and state = 'firing' and resolved_at is null;
create index paybus_alert_unpublished on paybus_alert (id) where published_at is null;
