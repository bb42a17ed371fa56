-- Idempotency-Key: the first response to each key, per tenant, replayed to retries until it expires.
create table idempotency_key (
    tenant           varchar(64)  not null,
    idem_key         varchar(255) not null,
    fingerprint      varchar(64)  not null,
    state            varchar(16)  not null,
    locked_until     timestamp(6) with time zone not null,
    expires_at       timestamp(6) with time zone not null,
    response_status  integer,
    response_headers varchar(1000000),
    response_body    varbinary(10000000),
    primary key (tenant, idem_key)
);
create index idx_idempotency_key_expiry on idempotency_key (expires_at);
