-- GET /subscriptions: an index per sort (the customer's and the due ones exist since V1).
create index subscription_updated on subscription (updated_at desc, subscription_id desc);
create index subscription_period_end on subscription (current_period_end, subscription_id);
