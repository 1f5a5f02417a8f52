"""The satisfaction index (Indeks Kepuasan Masyarakat), as PermenPAN-RB No. 14 Tahun 2017
prescribes it (pure: no I/O).

- NRR per element (nilai rata-rata unsur) = the mean of that element's answers (1–4);
- every element weighs the same, 1/9 (the regulation: weight = 1 / number of elements);
- IKM unit = Σ(NRR × 1/9), from 1 to 4; IKM = IKM unit × 25, from 25 to 100;
- the quality band (mutu pelayanan): A 88.31–100.00, B 76.61–88.30, C 65.00–76.60,
  D 25.00–64.99, read on the IKM rounded to two decimals as the regulation's table prints it.

Decided here (docs/TRANSPARENCY.md, "Satisfaction index"): an element a respondent left
unanswered or marked "not applicable" (Biaya, for a free complaint service) is left out of that
element's mean only, so its NRR is the mean over those who answered it; an element nobody
answered leaves the index over the answered elements, their weights still equal (1/k). A
respondent is a survey with at least one answer.

A small sample is fewer than `SMALL_SAMPLE` respondents: the regulation sizes the sample with
Krejcie–Morgan for a population, which for the few hundred reports an agency resolves a month
asks for far more than most agencies get; 30 is the usual floor below which a mean's normal
approximation (and so a band read off it) is not to be trusted. The index is still shown, marked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from hotline.choices import N_, Choice
from hotline.satisfaction.elements import ANSWERS, ELEMENTS

SMALL_SAMPLE = 30
SCALE = 25  # IKM = IKM unit × 25


class Band(Choice):
    """The quality band; `performance` is the regulation's word for the unit's performance."""

    performance: str

    def __init__(self, value: str, label: str = "", performance: str = "") -> None:
        del value, label
        self.performance = performance

    A = "A", N_("A"), N_("Very good")
    B = "B", N_("B"), N_("Good")
    C = "C", N_("C"), N_("Less than good")
    D = "D", N_("D"), N_("Not good")


# The lower edge of each band, in hundredths of a point (the regulation's two decimals).
BAND_FLOORS: tuple[tuple[Decimal, Band], ...] = (
    (Decimal("88.31"), Band.A),
    (Decimal("76.61"), Band.B),
    (Decimal("65.00"), Band.C),
    (Decimal("25.00"), Band.D),
)

Answers = Mapping[str, int | None]  # element key -> 1..4, or None (unanswered, N/A)


def rounded(value: float | Fraction | Decimal) -> Decimal:
    """Two decimals, half up, as the regulation's tables print an index. A Fraction is
    rounded exactly (the index is computed in fractions, so 88.305 is never 88.3049…)."""
    if isinstance(value, Fraction):
        hundredths, rest = divmod(value * 100, 1)
        return (Decimal(int(hundredths) + (rest >= Fraction(1, 2)))) / 100
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def band(ikm: float | Fraction | Decimal) -> Band:
    """The band of an index (25–100), read on its value rounded to two decimals."""
    value = rounded(ikm)
    if not Decimal(25) <= value <= Decimal(100):
        raise ValueError(f"an IKM lies between 25 and 100, not {ikm}")
    for floor, found in BAND_FLOORS:
        if value >= floor:
            return found
    raise AssertionError("unreachable: D starts at 25")


def valid(answer: object) -> bool:
    return isinstance(answer, int) and not isinstance(answer, bool) and answer in ANSWERS


@dataclass(frozen=True)
class Index:
    """The index of a group of responses (an agency's month, the whole service's month)."""

    respondents: int
    nrr: dict[str, Fraction]  # element key -> mean of its answers (answered elements only)
    answers: dict[str, int]  # element key -> how many answered it
    ikm: Fraction | None  # 25–100, None with no respondent
    band: Band | None
    small_sample: bool

    def as_dict(self) -> dict[str, object]:
        """The published form: the index and NRR to two decimals, the band's key."""
        return {
            "respondents": self.respondents,
            "ikm": float(rounded(self.ikm)) if self.ikm is not None else None,
            "band": str(self.band) if self.band else None,
            "small_sample": self.small_sample,
            "nrr": {k: float(rounded(v)) for k, v in self.nrr.items()},
            "answers": self.answers,
        }


@dataclass
class Totals:
    """What an index is made of: per element the sum and the number of its answers, and the
    respondents. Totals add up (a GROUP BY in the database gives one per agency)."""

    respondents: int = 0
    sums: dict[str, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, response: Answers) -> None:
        answered = False
        for element in ELEMENTS:
            answer = response.get(element.value)
            if answer is None:
                continue
            if not valid(answer):
                raise ValueError(f"{element.value}: an answer is 1, 2, 3 or 4, not {answer!r}")
            self.sums[element.value] = self.sums.get(element.value, 0) + answer
            self.counts[element.value] = self.counts.get(element.value, 0) + 1
            answered = True
        self.respondents += answered

    def __add__(self, other: Totals) -> Totals:
        keys = {e.value for e in ELEMENTS}
        return Totals(
            self.respondents + other.respondents,
            {k: self.sums.get(k, 0) + other.sums.get(k, 0) for k in keys},
            {k: self.counts.get(k, 0) + other.counts.get(k, 0) for k in keys},
        )

    def index(self) -> Index:
        # Exact arithmetic: a band edge is decided on the true index, not on a float near it.
        order = [e.value for e in ELEMENTS]
        nrr = {k: Fraction(self.sums[k], self.counts[k]) for k in order if self.counts.get(k)}
        # Equal weights over the elements answered: 1/9 each when all nine were.
        ikm = sum(nrr.values(), Fraction(0)) / len(nrr) * SCALE if nrr else None
        return Index(
            respondents=self.respondents,
            nrr=nrr,
            answers={k: self.counts[k] for k in order if self.counts.get(k)},
            ikm=ikm,
            band=band(ikm) if ikm is not None else None,
            small_sample=self.respondents < SMALL_SAMPLE,
        )


def compute(responses: Iterable[Answers]) -> Index:
    """The index of these responses (each a mapping of element key to its answer or None)."""
    totals = Totals()
    for response in responses:
        totals.add(response)
    return totals.index()
