-- The nested parts of the read models become jsonb: PostgreSQL checks them on write and can index or query into them.
alter table order_view alter column lines_json type jsonb using lines_json::jsonb;
alter table order_view alter column timeline_json type jsonb using timeline_json::jsonb;
alter table shipment_view alter column lines_json type jsonb using lines_json::jsonb;
