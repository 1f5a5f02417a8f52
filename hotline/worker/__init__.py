"""The background worker: SLA warnings and escalations, auto-closing, outbox delivery."""
