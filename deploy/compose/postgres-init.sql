-- One database per service, as in the local stack and in production.
create database paybus_ingest;
create database paybus_orders;
create database paybus_billing;
create database paybus_notifications;
