"""WhatsApp and SMS: the inbound Messaging webhook, the chat flows, `hotline chat …`, and the
outbox channels it delivers itself (WhatsApp messages, media fetched from Twilio)."""

from hotline.areas import Area

AREA = Area(
    name="messaging",
    piccolo_app="hotline.messaging.piccolo_app",
    routes="hotline.messaging.routes:ROUTES",
    commands="hotline.messaging.cli:register",
    jobs="hotline.messaging.jobs",
    listeners="hotline.messaging.listeners:LISTENERS",
)
