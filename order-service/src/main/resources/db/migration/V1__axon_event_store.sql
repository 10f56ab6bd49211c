-- Axon Framework's JDBC event store, token store on PostgreSQL. Owned here rather than generated:
-- bytea payloads (not oid large objects) and an id sequence that increments by 1, so the
-- global index has no gaps of 50 that streaming processors would wait on.
-- Column names are Axon's defaults (EventSchema, TokenSchema); unquoted, PostgreSQL folds them.

create table domainevententry (
    globalindex        bigserial    not null primary key,
    aggregateidentifier varchar(255) not null,
    sequencenumber     bigint       not null,
    type               varchar(255),
    eventidentifier    varchar(255) not null unique,
    metadata           bytea,
    payload            bytea        not null,
    payloadrevision    varchar(255),
    payloadtype        varchar(255) not null,
    timestamp          varchar(255) not null,
    unique (aggregateidentifier, sequencenumber)
);

create table snapshotevententry (
    aggregateidentifier varchar(255) not null,
    sequencenumber     bigint       not null,
    type               varchar(255) not null,
    eventidentifier    varchar(255) not null unique,
    metadata           bytea,
    payload            bytea        not null,
    payloadrevision    varchar(255),
    payloadtype        varchar(255) not null,
    timestamp          varchar(255) not null,
    primary key (aggregateidentifier, sequencenumber)
);

create table tokenentry (
    processorname varchar(255) not null,
    segment       integer      not null,
    token         bytea,
    tokentype     varchar(255),
    timestamp     varchar(255),
    owner         varchar(255),
    primary key (processorname, segment)
);
