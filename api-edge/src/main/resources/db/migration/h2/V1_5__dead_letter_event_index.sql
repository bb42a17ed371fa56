-- Dead letters are stored once per processing group and event: a redelivered event finds its letter by this index
-- (io.conveyor.edge.deadletter.ParkingQueue). The table itself is Axon's, created in V1_0.
create index idx_dead_letter_event on dead_letter_entry (processing_group, event_identifier);
