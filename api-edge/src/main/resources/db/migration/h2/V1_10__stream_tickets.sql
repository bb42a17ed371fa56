-- Stream tickets: a browser's EventSource cannot send an Authorization header, so it opens a stream with a ticket
-- in the query instead. Single use (the row is deleted when it is presented), short-lived, and bound to the tenant,
-- client, scopes and stream path it was issued for. Only the SHA-256 of a ticket is stored: whoever reads this table
-- cannot open a stream with it. In the database, not in memory, so that a ticket issued by one node opens a stream
-- on another.
create table stream_ticket (
    ticket_hash varchar(64)  not null,
    tenant      varchar(64)  not null,
    client      varchar(255) not null,
    scopes      varchar(1000) not null,
    path        varchar(255) not null,
    expires_at  timestamp(6) with time zone not null,
    primary key (ticket_hash)
);
create index idx_stream_ticket_expiry on stream_ticket (expires_at);
