-- PayPal transmissions seen, with a hash of their body. PayPal's signature covers the body only
-- through a CRC32, which is easy to collide: a transmission id (signed) seen before with another
-- body is refused, so a captured signature cannot be reused for a body of the attacker's choice.
create table paypal_transmission (
    transmission_id varchar(255) primary key,
    body_sha256     char(64)     not null,
    first_seen      timestamptz  not null
);

create index paypal_transmission_first_seen on paypal_transmission (first_seen);
