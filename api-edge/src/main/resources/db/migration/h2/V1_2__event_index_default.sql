-- The JDBC storage engine inserts events without a global index and leaves it to the column's default; the JPA engine
-- draws from the same sequence itself. With this default either engine can write to the table.
alter table domain_event_entry alter column global_index set default next value for domain_event_entry_seq;
