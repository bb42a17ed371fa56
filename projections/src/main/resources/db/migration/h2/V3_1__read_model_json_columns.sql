-- The nested parts of the read models become H2's json type, paired with jsonb on PostgreSQL. H2 would turn a plain
-- cast of text into a JSON string, so each column is copied with FORMAT JSON, which parses the text instead.
alter table order_view add column lines_json_parsed json;
update order_view set lines_json_parsed = lines_json format json;
alter table order_view drop column lines_json;
alter table order_view alter column lines_json_parsed rename to lines_json;
alter table order_view alter column lines_json set not null;

alter table order_view add column timeline_json_parsed json;
update order_view set timeline_json_parsed = timeline_json format json;
alter table order_view drop column timeline_json;
alter table order_view alter column timeline_json_parsed rename to timeline_json;
alter table order_view alter column timeline_json set not null;

alter table shipment_view add column lines_json_parsed json;
update shipment_view set lines_json_parsed = lines_json format json;
alter table shipment_view drop column lines_json;
alter table shipment_view alter column lines_json_parsed rename to lines_json;
alter table shipment_view alter column lines_json set not null;
