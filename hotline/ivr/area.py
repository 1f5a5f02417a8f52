"""The phone line: its tables, the Twilio webhooks, `hotline ivr …` and its worker round
(the spool replay, stale calls, fetching recordings)."""

from hotline.areas import Area

AREA = Area(
    name="ivr",
    piccolo_app="hotline.ivr.piccolo_app",
    routes="hotline.ivr.routes:ROUTES",
    commands="hotline.ivr.cli:register",
    jobs="hotline.ivr.jobs",
)
