-- The audit hash chain: for every stored event, in position order, SHA-256 over the previous chain value and the
-- event's canonical bytes (io.conveyor.edge.audit.AuditChain). The head row says how far the chain reaches; the node
-- that extends the chain locks it, so nodes never interleave.
create table audit_chain (
    position         bigint       not null primary key,
    event_identifier varchar(255) not null,
    chain_value      varchar(64)  not null
);

create table audit_chain_head (
    id          integer     not null primary key,
    position    bigint      not null,
    chain_value varchar(64) not null
);

insert into audit_chain_head (id, position, chain_value)
values (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
