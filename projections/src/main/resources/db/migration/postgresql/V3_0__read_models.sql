-- Read models, one table per projection. Each can be dropped and rebuilt by replaying its processor.
create table product_stock (
    product_id    varchar(64)  not null primary key,
    sku           varchar(255) not null,
    name          varchar(255) not null,
    price_minor   bigint       not null,
    currency      varchar(3)   not null,
    available     integer      not null,
    reserved      integer      not null,
    last_sequence bigint       not null
);
create index idx_product_stock_sku on product_stock (sku);

create table order_view (
    order_id         varchar(64)       not null primary key,
    customer_id      varchar(64)       not null,
    status           varchar(32)       not null,
    lines_json       text  not null,
    total_minor      bigint            not null,
    currency         varchar(3)        not null,
    shipment_id      varchar(64),
    rejection_reason varchar(255),
    timeline_json    text  not null,
    placed_at        timestamp(6) with time zone not null,
    updated_at       timestamp(6) with time zone not null,
    last_sequence    bigint            not null,
    version          bigint            not null
);

create table order_summary (
    order_id      varchar(64) not null primary key,
    customer_id   varchar(64) not null,
    status        varchar(32) not null,
    line_count    integer     not null,
    total_minor   bigint      not null,
    currency      varchar(3)  not null,
    placed_at     timestamp(6) with time zone not null,
    updated_at    timestamp(6) with time zone not null,
    last_sequence bigint      not null
);
create index idx_order_summary_placed on order_summary (placed_at desc, order_id);
create index idx_order_summary_status on order_summary (status, placed_at desc);
create index idx_order_summary_customer on order_summary (customer_id, placed_at desc);

create table shipment_view (
    shipment_id   varchar(64)      not null primary key,
    order_id      varchar(64)      not null,
    status        varchar(32)      not null,
    lines_json    text not null,
    created_at    timestamp(6) with time zone not null,
    dispatched_at timestamp(6) with time zone,
    delivered_at  timestamp(6) with time zone,
    last_sequence bigint           not null
);
create index idx_shipment_view_order on shipment_view (order_id);
