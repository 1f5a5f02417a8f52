"""The satisfaction survey and its index (IKM, PermenPAN-RB 14/2017): its table, the survey
page /survei/<token>, and the invitations in the worker's rounds (docs/SATISFACTION.md)."""

from hotline.areas import Area

AREA = Area(
    name="satisfaction",
    piccolo_app="hotline.satisfaction.piccolo_app",
    routes="hotline.satisfaction.routes:ROUTES",
    jobs="hotline.satisfaction.jobs",
    templates=True,
)
