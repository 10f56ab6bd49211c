-- GET /orders searches the read model: who the order is for (what POST /orders said, completed by
-- the buyer the provider named), and indexes for the filters and sorts an operator uses. The first
-- page of a status and date filter over a million orders walks one index (status, created_at, id).
alter table order_summary add column customer_id    text;
alter table order_summary add column customer_email text;

create index order_summary_status_created on order_summary (status, created_at desc, order_id desc);
create index order_summary_created on order_summary (created_at desc, order_id desc);
create index order_summary_updated on order_summary (updated_at desc, order_id desc);
create index order_summary_customer_email on order_summary (lower(customer_email));
create index order_summary_customer_id on order_summary (customer_id);
