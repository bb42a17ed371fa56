-- Every event belongs to one tenant, named in its metadata and written here by the storage engine, so that the event
-- log, its stream and its export read one tenant's events by index. Events from before tenants belong to the default
-- tenant.
alter table domain_event_entry add column tenant varchar(64) default 'default' not null;
create index idx_domain_event_entry_tenant on domain_event_entry (tenant, global_index);
