-- The command side's catalogue: SKU uniqueness and the prices orders are placed at.
create table product_catalogue (
    product_id  varchar(64)  not null primary key,
    sku         varchar(255) not null,
    price_minor bigint       not null,
    currency    varchar(3)   not null,
    constraint uk_product_catalogue_sku unique (sku)
);
