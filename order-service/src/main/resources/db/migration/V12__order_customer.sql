-- The customer POST /orders named, kept with what orders.events last said, so every published event
-- of the order carries it.
alter table order_publication add column customer_id      text;
alter table order_publication add column customer_email   text;
alter table order_publication add column customer_name    text;
alter table order_publication add column customer_locale  text;
alter table order_publication add column customer_country text;
