"""What this area listens to (registered in area.py, called through hotline/areas.py
`listeners` by areas below it, which may not import it): the IVR's queue news, written to the
log, and the monthly publication's question for its phone figures."""

from __future__ import annotations

from hotline.callcentre import events, published

LISTENERS = {
    "ivr.queue": events.from_queue,
    "transparency.phone": published.answer,
}
