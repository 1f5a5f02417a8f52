"""The three privacy levels a reporter chooses (UU 27/2022 PDP).

One meaning and one order everywhere: the web form (/lapor), the operator's form and the phone
menu list the levels in the order of `Privacy` (publik, anonim, rahasia), the phone's keys are
their positions (1, 2, 3: `keypad_digit`), and each says the promise of its `explanation` in
the same words. Every level may get updates (SMS, e-mail) when the reporter gives a contact:
anonim hides who reported from every officer, it does not stop the messages.
"""

from __future__ import annotations

from hotline.choices import Choice
from hotline.i18n import N_


class Privacy(Choice):
    """A level, its name (`label`) and the promise each channel states for it (`explanation`)."""

    explanation: str

    # Content published after redaction; the agency sees who reported.
    PUBLIK = (
        "publik",
        N_("Public"),
        N_(
            "Your report may be published without your personal data; the agency handling it "
            "sees your name and contact."
        ),
    )
    # Content may be published; no staff member sees the identity.
    ANONIM = (
        "anonim",
        N_("Anonymous"),
        N_(
            "Your report may be published, but no officer ever sees who you are; "
            "we can still send you updates."
        ),
    )
    # Content never published; identity visible to the central unit only.
    RAHASIA = (
        "rahasia",
        N_("Confidential"),
        N_("Your report is never published; only the central hotline unit sees who you are."),
    )

    def __init__(self, value: str, label: str = "", explanation: str = "") -> None:
        self.explanation = explanation


# The order every channel offers the levels in (tests/unit/tickets/test_privacy_choice.py).
ORDER: tuple[Privacy, ...] = tuple(Privacy)


def keypad_digit(privacy: Privacy) -> str:
    """The key a caller presses for `privacy` in the phone menu."""
    return str(ORDER.index(privacy) + 1)


def staff_may_see_identity(privacy: Privacy, *, central_unit: bool) -> bool:
    if privacy is Privacy.ANONIM:
        return False
    if privacy is Privacy.RAHASIA:
        return central_unit
    return True
