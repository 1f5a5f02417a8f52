"""WhatsApp and SMS: reports, status and answers by message (docs/MESSAGING.md)."""
