-- The carrier reports acted on, by the carrier's webhook-id: a report sent again has no second effect. Purged after
-- conveyor.carriers.receipt-retention.
create table carrier_receipt (
    carrier     varchar(64)  not null,
    webhook_id  varchar(255) not null,
    shipment_id varchar(64)  not null,
    received_at timestamp(6) with time zone not null,
    primary key (carrier, webhook_id)
);
create index idx_carrier_receipt_received on carrier_receipt (received_at);
