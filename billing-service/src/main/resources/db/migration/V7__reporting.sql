-- The reporting schema's views of the billing service (see the platform's V5): stable names and
-- comments; amounts in minor units; times in UTC.
create or replace view reporting.subscriptions as
select subscription_id, provider, customer_id, plan_id, price_ref, status, current_period_start, current_period_end,
       trial_end, cancel_at_period_end, updated_at
  from public.subscription;
comment on view reporting.subscriptions is 'One row per subscription, as GET /subscriptions/{id} shows it. status: trialing, active, past_due, paused, canceled.';

create or replace view reporting.invoices as
select subscription_id, period_start, period_end, state, attempts, invoice_ref, next_attempt_at, last_error,
       created_at, updated_at
  from public.renewal;
comment on view reporting.invoices is 'One row per subscription period billed by Paybus: the provider invoice (invoice_ref) and how its renewal went. state: DUE, RETRYING, PAST_DUE, SUCCEEDED, CANCELED.';

create or replace view reporting.receipts as
select number, order_id, issued_at, buyer_id, buyer_name, buyer_email, buyer_country, description, amount_minor,
       currency, payment_method, provider_ref, refunded_minor, dispute_lost_at
  from public.receipt;
comment on view reporting.receipts is 'Receipts of paid one-time orders, numbered without gap per series (PB-2026-000123).';

create or replace view reporting.credit_notes as
select number, receipt_number, kind, amount_minor, currency, issued_at
  from public.credit_note;
comment on view reporting.credit_notes is 'Credit notes of refunds and lost disputes, each referencing its receipt.';

create or replace view reporting.credits_ledger as
select customer_id, request_key, amount, reason, balance_after, created_at
  from public.credit_ledger;
comment on view reporting.credits_ledger is 'Every credit grant (positive amount) and consumption (negative), with the balance after it.';

create or replace view reporting.usage as
select customer_id, request_key, quantity, recorded_at, reported_period
  from public.usage_record;
comment on view reporting.usage is 'Metered usage; reported_period names the subscription period it was billed with (null: not billed yet).';
-- paybus_readonly may select them: the platform's V5 granted it select on what this user creates here.
