-- Every notification sent: at most one per (event, recipient, template). The row is written in the
-- transaction that sends the mail (or posts the webhook), so a failed send leaves none and is tried
-- again, and a redelivered or replayed event finds its row and sends nothing.
create table notification (
    event_id   uuid        not null,
    recipient  text        not null,
    template   text        not null,
    locale     text,
    subject    text,
    sent_at    timestamptz not null,
    primary key (event_id, recipient, template)
);
create index notification_recent on notification (sent_at desc);
