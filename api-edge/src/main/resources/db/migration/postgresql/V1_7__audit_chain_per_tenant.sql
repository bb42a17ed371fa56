-- One audit chain per tenant, so that an auditor verifies a tenant's log without reading any other tenant's events.
-- audit_chain_head keeps how far the whole log is chained (its row is the lock the extending node holds) and no
-- longer a chain value; audit_tenant_head keeps each chain's last position and value. Everything chained so far came before tenants: it
-- is the default tenant's chain, unchanged.
alter table audit_chain add column tenant varchar(64) default 'default' not null;
create index idx_audit_chain_tenant on audit_chain (tenant, position);

create table audit_tenant_head (
    tenant      varchar(64) not null primary key,
    position    bigint      not null,
    chain_value varchar(64) not null
);

insert into audit_tenant_head (tenant, position, chain_value)
select 'default', position, chain_value from audit_chain_head where id = 1 and position > 0;

alter table audit_chain_head drop column chain_value;
