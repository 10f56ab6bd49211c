-- Drift repairs: a finding is repaired when the provider's view was ingested as snapshot facts
-- (never by editing our state); when, by whom, and which facts the order recorded.
alter table drift_finding add column repaired_at timestamptz;
alter table drift_finding add column repaired_by text;
