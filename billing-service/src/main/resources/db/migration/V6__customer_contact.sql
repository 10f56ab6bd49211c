-- The subscriber's contact as the provider keeps it (Stripe's customer: email, name, preferred
-- locale, country), fetched once per customer and put on the billing.events records that a mail
-- is sent on. Not found (or the provider unreachable): the events go without it.
create table customer_contact (
    customer_id text        primary key,
    email       text,
    name        text,
    locale      text,
    country     text,
    fetched_at  timestamptz not null
);
