"""The background worker: SLA warnings and escalations, auto-closing, outbox delivery and the
daily summary of messages that did not get out."""
