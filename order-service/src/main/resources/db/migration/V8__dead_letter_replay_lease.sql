-- A record marked REPLAYING is leased until this moment: if the replay was never sent (a crash
-- between marking and sending) or never applied, it is parked again when the lease ends, so the
-- later records of its order do not wait behind it for ever.
alter table inbound_dead_letter add column replaying_until timestamptz;
