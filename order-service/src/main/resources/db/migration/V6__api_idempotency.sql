-- Idempotency-Key of our own API (POST /orders, POST /orders/{id}/refunds). A key is scoped to the
-- operation it was first used with; the same key and body answer the stored response, a different
-- body under the same key is refused. While a request holds the key (locked_until in the future),
-- a concurrent one with the same key gets 409.
create table api_idempotency (
    idempotency_key varchar(255) not null,
    scope           varchar(300) not null,
    request_hash    char(64)     not null,
    resource_id     varchar(255) not null,
    completed       boolean      not null default false,
    response_status int,
    response_body   text,
    locked_until    timestamptz,
    created_at      timestamptz  not null default now(),
    primary key (idempotency_key, scope)
);
create index api_idempotency_created on api_idempotency (created_at);
