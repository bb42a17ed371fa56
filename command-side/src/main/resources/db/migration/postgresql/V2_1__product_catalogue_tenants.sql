-- Each tenant has a catalogue of its own: SKUs are unique within a tenant. Products from before tenants belong to
-- the default tenant.
alter table product_catalogue add column tenant varchar(64) default 'default' not null;
alter table product_catalogue drop constraint uk_product_catalogue_sku;
alter table product_catalogue add constraint uk_product_catalogue_tenant_sku unique (tenant, sku);
