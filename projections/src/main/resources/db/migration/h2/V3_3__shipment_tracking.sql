-- What the carrier reported last: where the parcel was seen, and how many delivery attempts failed and why.
alter table shipment_view add column location varchar(255);
alter table shipment_view add column failed_deliveries integer default 0 not null;
alter table shipment_view add column delivery_failure varchar(255);
