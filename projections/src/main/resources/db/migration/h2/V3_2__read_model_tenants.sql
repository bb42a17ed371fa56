-- Every read-model row belongs to one tenant; rows from before tenants belong to the default tenant. Listings are
-- per tenant, so their indexes lead with it.
alter table product_stock add column tenant varchar(64) default 'default' not null;
alter table order_view add column tenant varchar(64) default 'default' not null;
alter table order_summary add column tenant varchar(64) default 'default' not null;
alter table shipment_view add column tenant varchar(64) default 'default' not null;

drop index idx_product_stock_sku;
create index idx_product_stock_tenant_sku on product_stock (tenant, sku);

drop index idx_order_summary_placed;
drop index idx_order_summary_status;
drop index idx_order_summary_customer;
create index idx_order_summary_placed on order_summary (tenant, placed_at desc, order_id);
create index idx_order_summary_status on order_summary (tenant, status, placed_at desc);
create index idx_order_summary_customer on order_summary (tenant, customer_id, placed_at desc);
