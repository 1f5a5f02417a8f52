"""Message senders: deliver one outbox message over one channel (SMS, e-mail).

Senders know nothing about the database. The outbox worker claims a row, builds an
:class:`~hotline.notify.senders.base.OutgoingMessage` and awaits ``sender.send(message)``:

* a :class:`~hotline.notify.senders.base.Delivered` result means the provider accepted it;
* :class:`~hotline.notify.senders.base.DeliveryError` with ``permanent=True`` means retrying
  cannot help (invalid number, mailbox rejected); ``permanent=False`` means retry later with
  back-off (network trouble, throttling, provider outage).

Delivery is at least once, so a message may be sent again after a crash or a timeout; each
message carries a stable ``dedupe_key`` that senders pass on where the provider supports it
(e.g. the e-mail ``Message-ID``).

Implementations: :class:`~hotline.notify.senders.log.LogSender` (default, demo),
:class:`~hotline.notify.senders.twilio_sms.TwilioSmsSender`,
:class:`~hotline.notify.senders.smtp.SmtpSender`.
"""
