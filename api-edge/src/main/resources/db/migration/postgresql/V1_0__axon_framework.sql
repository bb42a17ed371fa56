-- Axon Framework's JPA tables on PostgreSQL: binary columns are bytea, never oid (large objects leak on
-- delete and are slow); the dialect io.conveyor.edge.config.ByteaPostgresDialect maps @Lob to bytea.
-- Sequences increment by 1: a larger step leaves permanent gaps in the global index that every
-- streaming processor has to track.
create sequence domain_event_entry_seq start with 1 increment by 1;
create sequence association_value_entry_seq start with 1 increment by 1;

create table domain_event_entry (
    global_index         bigint       not null primary key,
    aggregate_identifier varchar(255) not null,
    sequence_number      bigint       not null,
    type                 varchar(255),
    event_identifier     varchar(255) not null unique,
    payload_type         varchar(255) not null,
    payload_revision     varchar(255),
    time_stamp           varchar(255) not null,
    meta_data            bytea,
    payload              bytea         not null,
    constraint uk_domain_event_aggregate_sequence unique (aggregate_identifier, sequence_number)
);

create table snapshot_event_entry (
    aggregate_identifier varchar(255) not null,
    sequence_number      bigint       not null,
    type                 varchar(255) not null,
    event_identifier     varchar(255) not null unique,
    payload_type         varchar(255) not null,
    payload_revision     varchar(255),
    time_stamp           varchar(255) not null,
    meta_data            bytea,
    payload              bytea         not null,
    primary key (aggregate_identifier, sequence_number, type)
);

create table token_entry (
    processor_name varchar(255) not null,
    segment        integer      not null,
    owner          varchar(255),
    timestamp      varchar(255) not null,
    token_type     varchar(255),
    token          bytea,
    primary key (processor_name, segment)
);

create table saga_entry (
    saga_id         varchar(255) not null primary key,
    saga_type       varchar(255),
    revision        varchar(255),
    serialized_saga bytea
);

create table association_value_entry (
    id                bigint       not null primary key,
    association_key   varchar(255) not null,
    association_value varchar(255),
    saga_id           varchar(255) not null,
    saga_type         varchar(255)
);
-- the event store reads by aggregate (unique key above) and by global index (primary key); streaming
-- processors scan by global index, so no further index is needed there
create index idx_association_lookup on association_value_entry (saga_type, association_key, association_value);
create index idx_association_saga on association_value_entry (saga_id, saga_type);

create table dead_letter_entry (
    dead_letter_id       varchar(255)   not null primary key,
    processing_group     varchar(255)   not null,
    sequence_identifier  varchar(255)   not null,
    sequence_index       bigint         not null,
    message_type         varchar(255)   not null,
    event_identifier     varchar(255)   not null,
    time_stamp           varchar(255)   not null,
    payload_type         varchar(255)   not null,
    payload_revision     varchar(255),
    payload              bytea           not null,
    meta_data            bytea,
    type                 varchar(255),
    aggregate_identifier varchar(255),
    sequence_number      bigint,
    token_type           varchar(255),
    token                bytea,
    enqueued_at          timestamp(6) with time zone not null,
    last_touched         timestamp(6) with time zone,
    processing_started   timestamp(6) with time zone,
    cause_type           varchar(255),
    cause_message        varchar(1023),
    diagnostics          bytea,
    constraint uk_dead_letter_sequence unique (processing_group, sequence_identifier, sequence_index)
);
create index idx_dead_letter_group on dead_letter_entry (processing_group);
create index idx_dead_letter_sequence on dead_letter_entry (processing_group, sequence_identifier);
