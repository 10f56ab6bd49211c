-- Object backfills: a window of a provider account's objects (PaymentIntents, disputes,
-- subscriptions, invoices; PayPal transactions), each published as the snapshot its state implies.
-- Their cursor is <kind index>/<kinds>|<the provider's cursor in that kind>.
alter table reconcile_run drop constraint reconcile_run_kind_check;
alter table reconcile_run add constraint reconcile_run_kind_check check (kind in ('sweep', 'backfill', 'objects'));
