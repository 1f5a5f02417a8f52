"""Messages to the outside world: the outbox, its delivery and the senders (SMS, e-mail)."""
