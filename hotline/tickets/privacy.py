"""The three privacy levels a reporter chooses (UU 27/2022 PDP)."""

from __future__ import annotations

from enum import StrEnum

from hotline.i18n import N_


class Privacy(StrEnum):
    PUBLIK = "publik"  # content published after redaction; the agency sees who reported
    ANONIM = "anonim"  # content may be published; no staff member sees the identity
    RAHASIA = "rahasia"  # content never published; identity visible to the central unit only


PRIVACY_LABELS = {
    Privacy.PUBLIK: N_("Public"),
    Privacy.ANONIM: N_("Anonymous"),
    Privacy.RAHASIA: N_("Confidential"),
}

PRIVACY_EXPLANATIONS = {
    Privacy.PUBLIK: N_(
        "Your report may be published without your personal data; the agency handling it "
        "sees your name and contact."
    ),
    Privacy.ANONIM: N_(
        "Your report may be published, but no officer ever sees who you are; "
        "we can still send you updates."
    ),
    Privacy.RAHASIA: N_(
        "Your report is never published; only the central hotline unit sees who you are."
    ),
}


def staff_may_see_identity(privacy: Privacy, *, central_unit: bool) -> bool:
    if privacy is Privacy.ANONIM:
        return False
    if privacy is Privacy.RAHASIA:
        return central_unit
    return True
