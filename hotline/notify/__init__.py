"""Messages to the outside world: the outbox, its delivery, the senders (SMS, e-mail) and the
messages that did not get out."""
