"""The nine elements (unsur) of the satisfaction survey, PermenPAN-RB No. 14 Tahun 2017.

Each element carries its short name (`label`, the regulation's word), the question a reporter
reads or hears (`question`, adapted to a complaint service) and its own scale: the regulation
words the four answers per element ("tidak sesuai … sangat sesuai", "tidak cepat … sangat
cepat"), so each element names its four (`scale`, from 1 to 4). The order is the regulation's:
the keypad asks them in it and the published tables list them in it.
"""

from __future__ import annotations

from hotline.choices import N_, Choice

ANSWERS = (1, 2, 3, 4)

_FIT = (N_("Not suitable"), N_("Less suitable"), N_("Suitable"), N_("Very suitable"))
_EASY = (N_("Not easy"), N_("Less easy"), N_("Easy"), N_("Very easy"))
_FAST = (N_("Not fast"), N_("Less fast"), N_("Fast"), N_("Very fast"))
_COST = (N_("Very expensive"), N_("Expensive"), N_("Cheap"), N_("Free"))
_ABLE = (N_("Not competent"), N_("Less competent"), N_("Competent"), N_("Very competent"))
_KIND = (N_("Not polite"), N_("Less polite"), N_("Polite"), N_("Very polite"))
_HANDLED = (
    N_("Not handled"),
    N_("Handled but not followed up"),
    N_("Handled and followed up"),
    N_("Handled well"),
)
_GOOD = (N_("Poor"), N_("Fair"), N_("Good"), N_("Very good"))


class Element(Choice):
    """One unsur: its key (`u1` … `u9`, stored and in the open data), its label, its question
    and the words of its answers 1 to 4."""

    question: str
    # Four labels, not one: kept private so that the choices' test reads `question` as the
    # only named label, and read through `scale`.
    _scale: tuple[str, str, str, str]

    def __init__(self, value: str, label: str = "", question: str = "", *scale: str) -> None:
        del value, label  # kept by Choice.__new__
        self.question = question
        self._scale = (scale[0], scale[1], scale[2], scale[3]) if scale else ("", "", "", "")

    @property
    def scale(self) -> tuple[str, str, str, str]:
        """The words of the answers 1 to 4 (msgids)."""
        return self._scale

    U1 = (
        "u1",
        N_("Requirements"),
        N_("Were the requirements for filing a report suitable for a complaint like yours?"),
        *_FIT,
    )
    U2 = (
        "u2",
        N_("Systems, mechanisms and procedures"),
        N_("How easy was the procedure, from filing the report to its answer?"),
        *_EASY,
    )
    U3 = (
        "u3",
        N_("Completion time"),
        N_("How fast was your report handled and resolved?"),
        *_FAST,
    )
    U4 = (
        "u4",
        N_("Costs and fees"),
        N_("How fair were the costs? The hotline is free; answer only if you were asked to pay."),
        *_COST,
    )
    U5 = (
        "u5",
        N_("Service products"),
        N_("Did the answer you received match what the service promises?"),
        *_FIT,
    )
    U6 = (
        "u6",
        N_("Staff competence"),
        N_("How competent were the officers who handled your report?"),
        *_ABLE,
    )
    U7 = (
        "u7",
        N_("Staff behaviour"),
        N_("How polite and friendly were the officers?"),
        *_KIND,
    )
    U8 = (
        "u8",
        N_("Handling of complaints, suggestions and feedback"),
        N_("How well was your complaint handled and followed up?"),
        *_HANDLED,
    )
    U9 = (
        "u9",
        N_("Facilities and infrastructure"),
        N_("How good were the hotline's means: the website, the telephone line, the messages?"),
        *_GOOD,
    )


ELEMENTS: tuple[Element, ...] = tuple(Element)
