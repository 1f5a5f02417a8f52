"""A simulated history of reports for the demo, played through the real ticket service.

Two phases. Planning is pure: from a seeded `random.Random` it draws every report (arrival time,
channel, privacy, category, desa, text, reporter) and the path it will take (verified and
dispatched, rejected, merged, sent back as "bukan wewenang", transferred, asked for information,
answered, confirmed, disputed ...) as timestamped steps. Playing then merges all steps of all
reports in time order and performs each one with the service functions (`create_report`,
`perform`, `reply`, `add_information`, `rate`) while `hotline.clock` shows the step's time, and
runs the SLA sweep every simulated hour, so deadlines, warnings, escalations, auto-closes, events
and outbox rows are exactly what the system would have produced. A step whose action the ticket
no longer allows (an auto-closed ticket cannot be confirmed) is skipped, as a person would.

Steps later than the end of the history never happen: recent reports are still open.
No real person's name appears: reporters get common given names only, phone numbers come from
the unassigned +62812000xxxxx block and e-mail addresses from example.com.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date

from hotline import clock
from hotline.accounts.tables import User
from hotline.db.tx import transaction
from hotline.demo import corpus
from hotline.demo.progress import Progress
from hotline.directory import routing
from hotline.directory.conflicts import AgencyName
from hotline.directory.service import active_rules, agency_calendar, agency_names
from hotline.directory.tables import Agency, Category, Region
from hotline.sla.calendar import WorkingCalendar
from hotline.tickets.channels import Channel
from hotline.tickets.drafts import ReportDraft, ReporterDraft
from hotline.tickets.events import ActorType
from hotline.tickets.lifecycle import Action, Status, allowed_actions
from hotline.tickets.privacy import Privacy
from hotline.tickets.service import (
    REPORTER,
    SYSTEM,
    Actor,
    add_information,
    create_report,
    held_for_verifier,
    perform,
    rate,
    reply,
    rule_may_dispatch,
)
from hotline.tickets.service import (
    redact as publish_redaction,
)
from hotline.tickets.tables import Ticket
from hotline.worker.sweep import sweep

WIB = ZoneInfo("Asia/Jakarta")
SWEEP_EVERY = timedelta(hours=1)

# --------------------------------------------------------------------------------------------
# The world as seeded, and the plan
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    level: str  # desa | kelurahan
    kecamatan: str
    kecamatan_name: str

    @property
    def label(self) -> str:
        """How the place is written in a sentence: "Desa Kaligowong", "Kelurahan Mlipak"."""
        return f"{self.level.capitalize()} {self.name}"


@dataclass
class World:
    category_ids: dict[str, int]
    urgent: dict[str, bool]
    default_privacy: dict[str, str]
    agency_ids: dict[str, int]
    agency_codes: dict[int, str]
    central_id: int
    places: dict[str, list[Place]]  # kecamatan code -> desa/kelurahan
    kecamatan_names: dict[str, str]
    rules: list[routing.Rule]
    calendar: WorkingCalendar
    verifiers: list[int]
    operators: list[int]
    petugas: dict[str, int]
    supervisors: dict[str, int]
    agency_names: list[AgencyName]

    def route(self, category: str | None, region: str) -> tuple[str | None, bool]:
        decision = routing.route(category, region, self.rules) if category else None
        return (decision.agency_code, decision.confident) if decision else (None, False)

    def dispatched_by_rule(self, draft: ReportDraft) -> bool:
        """Whether `create_report` dispatches `draft` at once, by the core's own rule."""
        agency, confident = self.route(draft.category_code, draft.region_code or "")
        if not rule_may_dispatch(draft, confident):
            return False
        agency_id = self.agency_ids.get(agency) if agency else None
        return not held_for_verifier(draft, agency_id, self.agency_names)


@dataclass
class Step:
    at: datetime
    op: str
    args: dict[str, Any] = field(default_factory=dict)


@dataclass
class TicketPlan:
    n: int
    at: datetime
    draft: ReportDraft
    actor: Actor
    category: str | None  # what it is really about, even when the caller chose "lainnya"
    fate: str
    steps: list[Step] = field(default_factory=list)


async def load_world() -> World:
    categories = await Category.select(
        Category.id, Category.service_code, Category.urgent, Category.default_privacy
    ).order_by(Category.id)
    agencies = await Agency.select(Agency.id, Agency.code, Agency.is_central).order_by(Agency.id)
    regions = await Region.select(Region.code, Region.name, Region.level).order_by(Region.code)
    rules = await active_rules()
    users = await User.select(User.id, User.role, User.agency.code).order_by(User.id)
    central = next(a for a in agencies if a["is_central"])
    kecamatan = {r["code"]: r["name"] for r in regions if r["level"] == "kecamatan"}
    places: dict[str, list[Place]] = {code: [] for code in sorted(kecamatan)}
    for r in regions:
        if r["level"] in ("desa", "kelurahan"):
            kec = r["code"].rsplit(".", 1)[0]
            places[kec].append(Place(r["code"], r["name"], r["level"], kec, kecamatan[kec]))
    petugas: dict[str, int] = {}
    supervisors: dict[str, int] = {}
    for u in users:
        if u["role"] == "petugas":
            petugas.setdefault(u["agency.code"], u["id"])
        elif u["role"] == "supervisor":
            supervisors.setdefault(u["agency.code"], u["id"])
    return World(
        category_ids={c["service_code"]: c["id"] for c in categories},
        urgent={c["service_code"]: bool(c["urgent"]) for c in categories},
        default_privacy={c["service_code"]: c["default_privacy"] for c in categories},
        agency_ids={a["code"]: a["id"] for a in agencies},
        agency_codes={a["id"]: a["code"] for a in agencies},
        central_id=central["id"],
        places=places,
        kecamatan_names=kecamatan,
        rules=rules,
        calendar=await agency_calendar(central["id"]),
        verifiers=[u["id"] for u in users if u["role"] == "verifikator"],
        operators=[u["id"] for u in users if u["role"] == "operator"],
        petugas=petugas,
        supervisors=supervisors,
        agency_names=await agency_names(),
    )


class Planner:
    """Draws the reports and their paths. Pure: only the seeded `rng` decides."""

    def __init__(self, rng: random.Random, world: World, start: datetime, end: datetime) -> None:
        self.rng = rng
        self.c = corpus.load()
        self.world = world
        self.start = start
        self.end = end
        self.plans: list[TicketPlan] = []
        # (category, kecamatan) -> recent plans that a later report may duplicate.
        self.recent: dict[tuple[str, str], list[TicketPlan]] = {}

    # -- time ------------------------------------------------------------------------------

    def work(self, t: datetime, hours: float) -> datetime:
        """`hours` of working time after `t` on the central (WIB standar) calendar."""
        at = self.world.calendar.add(t, timedelta(hours=max(hours, 0.01)))
        return at.astimezone(UTC).replace(microsecond=0)

    def wall(self, t: datetime, hours: float) -> datetime:
        return (t + timedelta(hours=max(hours, 0.01))).replace(microsecond=0)

    def reporter(self, t: datetime, hours: float) -> datetime:
        """A reporter acts `hours` later, but not in the small hours of the night."""
        at = t + timedelta(hours=max(hours, 0.05))
        local = at.astimezone(WIB)
        if local.hour < 6:
            local = local.replace(hour=6, minute=self.rng.randrange(60)) + timedelta(
                hours=self.rng.uniform(0, 3)
            )
        elif local.hour >= 22:
            local = (local + timedelta(days=1)).replace(hour=6, minute=self.rng.randrange(60))
        return local.astimezone(UTC).replace(microsecond=0)

    # -- arrivals --------------------------------------------------------------------------

    def arrivals(self, count: int) -> list[tuple[datetime, bool]]:
        """`count` arrival instants (sorted) and whether each falls on a storm day."""
        rng = self.rng
        cal = self.world.calendar
        slots: list[datetime] = []
        weights: list[float] = []
        t = self.start
        total = (self.end - self.start).total_seconds()
        while t < self.end:
            local = t.astimezone(WIB)
            day = local.date()
            w = self.c.weekday_weight[day.weekday()] * self.c.hour_weight[local.hour]
            if day.weekday() < 5 and not cal.is_working_day(day):
                w *= self.c.holiday_weight
            # Use of the hotline grows slowly over the months.
            w *= 0.8 + 0.4 * ((t - self.start).total_seconds() / total)
            slots.append(t)
            weights.append(w)
            t += timedelta(hours=1)
        days = sorted({s.astimezone(WIB).date() for s in slots})
        storms = set(rng.sample(days, min(self.c.storm_days, len(days)))) if days else set()
        picked = rng.choices(range(len(slots)), weights=weights, k=count) if slots else []
        out = []
        for i in picked:
            at = slots[i] + timedelta(seconds=rng.randrange(3600))
            at = min(at, self.end - timedelta(seconds=1))
            out.append((at, at.astimezone(WIB).date() in storms))
        out.sort(key=lambda x: x[0])
        return out

    # -- one report ------------------------------------------------------------------------

    def pick_category(self, storm: bool) -> str:
        codes = [c for c in self.c.category_weights if c in self.world.category_ids]
        weights = [
            self.c.category_weights[c] * (self.c.storm_boost.get(c, 1.0) if storm else 1.0)
            for c in codes
        ]
        return self.rng.choices(codes, weights=weights)[0]

    def pick_place(self, category: str) -> Place:
        bias = self.c.category_place_bias.get(category, {})
        kecs = [k for k in self.c.kecamatan_weights if self.world.places.get(k)]
        weights = [self.c.kecamatan_weights[k] * bias.get(k, 1.0) for k in kecs]
        kec = self.rng.choices(kecs, weights=weights)[0]
        return self.rng.choice(self.world.places[kec])

    def context(self, place: Place) -> dict[str, Any]:
        rng = self.rng
        others = [p for p in self.world.places[place.kecamatan] if p.code != place.code] or [place]
        ctx: dict[str, Any] = {
            "desa": place.name,
            "wilayah": place.label,
            "balai": self.c.balai[place.level].format(desa=place.name),
            "desa2": rng.choice(others).name,
            "kec": place.kecamatan_name,
            "dusun": rng.choice(self.c.dusun),
            "rt": f"{rng.randint(1, 8):02d}",
            "rw": f"{rng.randint(1, 6):02d}",
            "n": rng.randint(1, 4),
            "jumlah": rng.randint(2, 6),
            "durasi": rng.choice(self.c.durations),
            "waktu": rng.choice(self.c.when),
        }
        ctx["jalan"] = rng.choice(self.c.roads).format(**ctx)
        ctx["patokan"] = rng.choice(self.c.landmarks).format(**ctx)
        return ctx

    def describe(self, category: str, ctx: dict[str, Any]) -> tuple[str, str]:
        texts = self.c.reports[category]
        opening = self.rng.choice(texts.openings)
        parts = [opening.text] + [
            self.rng.choice(k) for k in (texts.detail, texts.impact, texts.ask)
        ]
        return opening.title.format(**ctx), " ".join(p for p in parts if p).format(**ctx)

    def reporter_draft(self, channel: Channel, privacy: Privacy) -> ReporterDraft:
        rng = self.rng
        name = rng.choice(self.c.given_names)
        phone = f"+62812000{rng.randrange(100000):05d}"
        email = f"{name.lower()}{rng.randint(1, 999)}@example.com"
        consent = rng.random() < 0.92
        locale = "en" if rng.random() < 0.02 else "id"
        if channel is Channel.TELEPON:
            # The caller's number is known; callers rarely leave a name.
            has_name = privacy is not Privacy.ANONIM and rng.random() < 0.3
            return ReporterDraft(name=name if has_name else "", phone=phone, sms_consent=consent)
        if privacy is Privacy.ANONIM:
            # Anonymous reporters may still leave a way to receive updates.
            r = rng.random()
            if r < 0.45:
                return ReporterDraft(phone=phone, sms_consent=consent, locale=locale)
            if r < 0.65:
                return ReporterDraft(email=email, locale=locale)
            return ReporterDraft()
        if channel is Channel.OPERATOR:
            return ReporterDraft(name=name, phone=phone, sms_consent=consent)
        r = rng.random()
        if channel is Channel.OPEN311:
            if r < 0.5:
                return ReporterDraft(name=name, email=email, locale=locale)
            return ReporterDraft(
                name=name, phone=phone, email=email, sms_consent=consent, locale=locale
            )
        if r < 0.55:
            return ReporterDraft(name=name, phone=phone, sms_consent=consent, locale=locale)
        if r < 0.8:
            return ReporterDraft(
                name=name, phone=phone, email=email, sms_consent=consent, locale=locale
            )
        return ReporterDraft(name=name, email=email, locale=locale)

    def pick_channel(self, at: datetime) -> Channel:
        # Call agents work office hours only.
        office = self.world.calendar.is_working_time(at)
        weights = (0.42, 0.32, 0.09, 0.17) if office else (0.50, 0.39, 0.11, 0.0)
        return self.rng.choices(
            (Channel.TELEPON, Channel.WEB, Channel.OPEN311, Channel.OPERATOR), weights=weights
        )[0]

    def pick_privacy(self, category: str) -> Privacy:
        default = self.world.default_privacy.get(category, "publik")
        weights = {
            "rahasia": (0.25, 0.2, 0.55),
            "anonim": (0.45, 0.42, 0.13),
        }.get(default, (0.66, 0.22, 0.12))
        return self.rng.choices((Privacy.PUBLIK, Privacy.ANONIM, Privacy.RAHASIA), weights=weights)[
            0
        ]

    def attributes(self, category: str, channel: Channel) -> dict[str, str]:
        if channel not in (Channel.WEB, Channel.OPEN311) or self.rng.random() < 0.3:
            return {}
        rng = self.rng
        if category == "JALAN-RUSAK":
            return {
                "ukuran_lubang": rng.choices(("kecil", "sedang", "besar", "amblas"), (3, 5, 3, 1))[
                    0
                ],
                "jenis_jalan": rng.choices(("kabupaten", "desa", "tidak_tahu"), (5, 3, 2))[0],
            }
        if category == "AIR-MATI":
            attrs = {"masalah_air": rng.choices(("mati", "kecil", "keruh"), (5, 3, 2))[0]}
            if rng.random() < 0.5:
                attrs["nomor_pelanggan"] = f"{rng.randint(1, 15):02d}.{rng.randrange(10000):04d}"
            return attrs
        if category == "PJU-MATI":
            return {"jumlah_lampu": str(rng.randint(1, 6))}
        return {}

    def plan_all(self, count: int) -> list[TicketPlan]:
        for n, (at, storm) in enumerate(self.arrivals(count)):
            self.plans.append(self.plan_one(n, at, storm))
        return self.plans

    # The planners below branch as the simulated history does, and each branch draws from the
    # seeded generator in a fixed order: splitting them would scatter that order, which is what
    # keeps the demo the same from one run to the next. Hence C901 is waived for these three.
    def plan_one(self, n: int, at: datetime, storm: bool) -> TicketPlan:  # noqa: C901
        rng = self.rng
        category = self.pick_category(storm)
        place = self.pick_place(category)
        channel = self.pick_channel(at)
        privacy = self.pick_privacy(category)
        ctx = self.context(place)
        title, description = self.describe(category, ctx)
        reporter = self.reporter_draft(channel, privacy)
        junk = None
        r = rng.random()
        if r < 0.025:
            junk = "spam" if channel in (Channel.WEB, Channel.OPEN311) else "prank"
        elif r < 0.05:
            junk = "prank"
        elif r < 0.085:
            junk = "out_of_scope"
        incomplete = channel is Channel.TELEPON and junk is None and rng.random() < 0.04
        if junk == "spam":
            description, title = rng.choice(self.c.spam), "Info"
        elif junk == "prank":
            texts = self.c.prank_calls if channel is Channel.TELEPON else self.c.prank_texts
            description, title = rng.choice(texts), "Tes"
        elif junk == "out_of_scope":
            description = rng.choice(self.c.out_of_scope)
            title = description.split(",")[0][:60]
        draft_category: str | None = category
        if channel is Channel.TELEPON and junk is None and rng.random() < 0.04:
            draft_category = None  # the caller pressed "lainnya"
        if incomplete:
            description = ""
        lat = lon = None
        if channel in (Channel.WEB, Channel.OPEN311) and junk is None and rng.random() < 0.55:
            c_lat, c_lon = self.c.kecamatan_centre.get(place.kecamatan, (-7.36, 109.90))
            lat = round(c_lat + rng.uniform(-0.025, 0.025), 6)
            lon = round(c_lon + rng.uniform(-0.025, 0.025), 6)
        location = "" if junk else self.c.location.format(**ctx)
        if channel is Channel.TELEPON and rng.random() < 0.5:
            location = ""
        draft = ReportDraft(
            channel=channel,
            description=description,
            category_code=draft_category,
            region_code=place.code,
            location_text=location,
            latitude=lat,
            longitude=lon,
            privacy=privacy,
            reporter=reporter,
            title=title,
            incomplete=incomplete,
            likely_prank=junk == "prank" and channel is Channel.TELEPON and rng.random() < 0.5,
            attributes=self.attributes(category, channel) if junk is None else {},
            external_id=f"wsb-demo-{n + 1:05d}" if channel is Channel.OPEN311 else "",
        )
        if channel is Channel.OPERATOR:
            actor = Actor(
                ActorType.STAFF, rng.choice(self.world.operators) if self.world.operators else None
            )
        elif channel is Channel.TELEPON or channel is Channel.OPEN311:
            actor = SYSTEM
        else:
            actor = REPORTER
        plan = TicketPlan(n, at, draft, actor, category, fate="normal")
        self.plan_path(plan, place, ctx, junk)
        if junk is None:
            self.recent.setdefault((category, place.kecamatan), []).append(plan)
        return plan

    # -- paths -----------------------------------------------------------------------------

    def verifier(self) -> Actor:
        ids = self.world.verifiers
        return Actor(ActorType.STAFF, self.rng.choice(ids) if ids else None)

    def triage_delay(self, urgent: bool, at: datetime) -> datetime:
        """When a verifier first acts on a report that arrived at `at`."""
        rng = self.rng
        if urgent:
            if self.world.calendar.is_working_time(at) or rng.random() < 0.6:
                return self.wall(at, rng.uniform(0.1, 1.6))  # on duty or on call
            return self.work(at, rng.uniform(0.1, 1.0))  # next morning: the 2-hour clock breaks
        r = rng.random()
        if r < 0.55:
            hours = rng.uniform(0.1, 3)
        elif r < 0.85:
            hours = rng.uniform(3, 12)
        elif r < 0.93:
            hours = rng.uniform(12, 21)
        else:
            hours = rng.uniform(23, 45)  # past the 3-working-day verification clock
        return self.work(at, hours)

    def plan_path(  # noqa: C901 (see plan_one)
        self, plan: TicketPlan, place: Place, ctx: dict[str, Any], junk: str | None
    ) -> None:
        rng = self.rng
        steps = plan.steps
        draft = plan.draft
        category = plan.category
        assert category is not None
        urgent = self.world.urgent.get(category, False)
        # Where it belongs (what it is really about), whatever the caller chose.
        agency, _ = self.world.route(category, place.code)
        if agency is None:
            # No rule (PUNGLI): the verifier sends it to the Inspektorat.
            agency = "INSPEKTORAT"
        auto = self.world.dispatched_by_rule(draft)
        has_contact = draft.reporter.has_contact
        t = self.triage_delay(urgent, plan.at)
        v = self.verifier()

        if junk is not None:
            plan.fate = "rejected"
            if auto:
                # Dispatched straight to the agency by its rule: the agency sends it back.
                assert agency is not None
                t = self.work(plan.at, self.c.agency_pace.get(agency, 1.0) * rng.uniform(0.5, 10))
                steps.append(Step(t, "nom", {"reason": self.c.junk_returned, "agency": agency}))
                t = self.work(t, rng.uniform(0.2, 4))
            steps.append(
                Step(t, "reject", {"reason": junk, "body": self.c.reject_body[junk], "by": v})
            )
            return
        if draft.incomplete:
            if has_contact and rng.random() < 0.6:
                plan.fate = "info_at_verification"
                steps.append(
                    Step(t, "request_info", {"body": self.c.verifier_info_requests[3], "by": v})
                )
                if rng.random() < 0.5:
                    t = self.reporter(t, rng.uniform(1, 48))
                    steps.append(Step(t, "info", {"body": self.info_answer(ctx)}))
                    t = self.work(t, rng.uniform(0.2, 6))
                else:
                    steps.append(
                        Step(
                            self.work(t, rng.uniform(75, 85)),
                            "archive",
                            {"body": self.c.archive_body, "by": v},
                        )
                    )
                    return
            else:
                plan.fate = "rejected"
                steps.append(
                    Step(
                        t,
                        "reject",
                        {"reason": "incomplete", "body": self.c.reject_body["incomplete"], "by": v},
                    )
                )
                return

        r = rng.random()
        if not auto and r < 0.045:
            target = self.duplicate_target(plan, place)
            if target is not None:
                plan.fate = "merged"
                steps.append(
                    Step(t, "merge", {"target": target.n, "body": self.c.merge_body, "by": v})
                )
                return
        if not auto and has_contact and r < 0.10 and plan.fate == "normal":
            plan.fate = "info_at_verification"
            steps.append(
                Step(
                    t,
                    "request_info",
                    {"body": rng.choice(self.c.verifier_info_requests[:3]), "by": v},
                )
            )
            if rng.random() < 0.65:
                t = self.reporter(t, rng.uniform(1, 96))
                steps.append(Step(t, "info", {"body": self.info_answer(ctx)}))
                t = self.work(t, rng.uniform(0.2, 8))
            else:
                steps.append(
                    Step(
                        self.work(t, rng.uniform(75, 85)),
                        "archive",
                        {"body": self.c.archive_body, "by": v},
                    )
                )
                return
        if has_contact and rng.random() < 0.012:
            plan.fate = "withdrawn"
            steps.append(
                Step(
                    self.reporter(plan.at, rng.uniform(2, 40)),
                    "withdraw",
                    {"body": rng.choice(self.c.withdraw_bodies)},
                )
            )
            return

        # Verified and dispatched (auto-dispatched reports skip these two steps when played).
        if category == "PUNGLI":
            t = self.work(t, rng.uniform(4, 30))  # needs a careful read before it goes anywhere
        if not auto:
            later = self.wall if urgent else self.work
            steps.append(Step(t, "verify", {"by": v}))
            t = (
                later(t, rng.uniform(0.02, 0.5))
                if rng.random() < 0.85
                else later(t, rng.uniform(1, 8))
            )
            wrong = self.c.wrong_agency.get(category)
            if wrong and wrong.agency != agency and rng.random() < 0.08:
                plan.fate = "not_our_mandate"
                steps.append(Step(t, "dispatch", {"agency": wrong.agency, "by": v}))
                t = self.work(t, rng.uniform(1, 20))
                steps.append(Step(t, "nom", {"reason": wrong.reason, "agency": wrong.agency}))
                t = self.work(t, rng.uniform(0.3, 10))
                v = self.verifier()
            steps.append(Step(t, "dispatch", {"agency": agency, "by": v}))
        self.plan_agency(plan, t, agency, ctx, urgent)

    def plan_agency(  # noqa: C901 (see plan_one)
        self,
        plan: TicketPlan,
        t: datetime,
        agency: str,
        ctx: dict[str, Any],
        urgent: bool,
        transferred: bool = False,
    ) -> None:
        rng = self.rng
        steps = plan.steps
        category = plan.category
        assert category is not None
        pace = self.c.agency_pace.get(agency, 1.0)
        has_contact = plan.draft.reporter.has_contact
        later: Callable[[datetime, float], datetime] = self.wall if urgent else self.work
        ctx = dict(ctx, tanggal="")

        # Accepting the ticket.
        if urgent:
            t = self.wall(t, rng.uniform(0.1, 1.5))
        else:
            t = later(t, pace * (rng.uniform(0.2, 6) if rng.random() < 0.8 else rng.uniform(6, 20)))
        steps.append(Step(t, "accept", {"agency": agency}))

        if rng.random() < 0.03 and not urgent:
            plan.fate = "stuck"  # nobody gets round to it: its clocks break and escalate
            return

        transfer = self.c.transfers.get(category)
        if not transferred and transfer and transfer.agency != agency and rng.random() < 0.06:
            plan.fate = "transferred"
            t = later(t, pace * rng.uniform(1, 12))
            steps.append(
                Step(
                    t,
                    "transfer",
                    {"to": transfer.agency, "reason": transfer.reason, "agency": agency},
                )
            )
            self.plan_agency(plan, t, transfer.agency, ctx, urgent, transferred=True)
            return

        # How long the real work takes, in working hours (wall hours when urgent).
        if urgent:
            work_hours = rng.uniform(2, 20) if rng.random() < 0.85 else rng.uniform(25, 60)
            limit = 24.0
        elif category in self.c.infrastructure:
            work_hours = (
                pace * rng.uniform(15, 140) if rng.random() < 0.88 else rng.uniform(230, 330)
            )
            limit = 30 * self.c.work_day_hours
        elif agency == "DISDUKCAPIL":
            work_hours = pace * rng.uniform(2, 35) if rng.random() < 0.92 else rng.uniform(110, 160)
            limit = 14 * self.c.work_day_hours
        else:
            work_hours = pace * rng.uniform(3, 60) if rng.random() < 0.88 else rng.uniform(110, 200)
            limit = 14 * self.c.work_day_hours
        late = work_hours > limit
        answer_at = later(t, work_hours)

        if has_contact and not urgent and rng.random() < 0.05:
            plan.fate = "info_at_agency"
            ask_at = later(t, pace * rng.uniform(1, 10))
            steps.append(
                Step(
                    ask_at,
                    "request_info",
                    {
                        "body": self.c.agency_info_requests.get(
                            category, self.c.generic_agency_info_request
                        ),
                        "agency": agency,
                    },
                )
            )
            if rng.random() < 0.3:
                steps.append(
                    Step(
                        self.work(ask_at, rng.uniform(75, 90)),
                        "archive",
                        {"body": self.c.archive_body, "agency": agency},
                    )
                )
                return
            info_at = self.reporter(ask_at, rng.uniform(2, 72))
            steps.append(Step(info_at, "info", {"body": self.info_answer(ctx)}))
            answer_at = later(info_at, work_hours * 0.6)

        first_response = 6.0 if urgent else 5 * self.c.work_day_hours
        if (urgent or work_hours > first_response * 0.5) and rng.random() < 0.85:
            if urgent:
                reply_in = rng.uniform(0.3, 4)
            elif rng.random() < 0.9:
                reply_in = pace * rng.uniform(1, 18)
            else:
                reply_in = rng.uniform(30, 60)  # a late first word: the clock has broken
            reply_at = later(t, reply_in)
            if reply_at < answer_at:
                steps.append(
                    Step(
                        reply_at,
                        "reply",
                        {
                            "body": rng.choice(
                                self.c.progress_replies.get(agency, self.c.generic_progress)
                            ).format(**ctx),
                            "agency": agency,
                        },
                    )
                )
        if rng.random() < 0.25:
            notes = self.c.internal_notes + (
                self.c.field_notes if category in self.c.field_categories else ()
            )
            note_at = later(t, rng.uniform(0.2, 8))
            if note_at < answer_at:
                steps.append(
                    Step(
                        note_at,
                        "note",
                        {"body": rng.choice(notes).format(**ctx), "agency": agency},
                    )
                )
        steps.append(
            Step(
                answer_at,
                "answer",
                {"body": rng.choice(self.c.answers[category]), "ctx": ctx, "agency": agency},
            )
        )
        self.plan_reporter_response(plan, answer_at, agency, ctx, urgent, late, pace)

    def plan_reporter_response(
        self,
        plan: TicketPlan,
        t: datetime,
        agency: str,
        ctx: dict[str, Any],
        urgent: bool,
        late: bool,
        pace: float,
        disputed: bool = False,
    ) -> None:
        rng = self.rng
        steps = plan.steps
        if not plan.draft.reporter.has_contact and rng.random() < 0.7:
            return  # an anonymous reporter without contact rarely comes back: auto-close
        r = rng.random()
        when = self.reporter(t, rng.uniform(1, 96))
        if r < 0.50:
            rating = self.rating(late or disputed)
            steps.append(
                Step(
                    when,
                    "rate",
                    {"rating": rating, "comment": rng.choice(self.c.rating_comments[rating])},
                )
            )
        elif r < 0.58:
            steps.append(Step(when, "confirm"))
        elif r < 0.66 and not disputed:
            plan.fate = "disputed"
            when = self.reporter(t, rng.uniform(4, 120))
            steps.append(Step(when, "dispute", {"body": rng.choice(self.c.disputes)}))
            later = self.wall if urgent else self.work
            again = later(when, rng.uniform(2, 20) if urgent else pace * rng.uniform(4, 60))
            steps.append(
                Step(
                    again,
                    "answer",
                    {
                        "body": rng.choice(self.c.answers[plan.category or "JALAN-RUSAK"]),
                        "ctx": ctx,
                        "agency": agency,
                    },
                )
            )
            self.plan_reporter_response(plan, again, agency, ctx, urgent, late, pace, disputed=True)
        elif rng.random() < 0.2:
            # No answer from the reporter: the sweep closes it; some rate it afterwards.
            rating = self.rating(late)
            steps.append(
                Step(
                    self.reporter(t, rng.uniform(15 * 24, 25 * 24)),
                    "rate",
                    {"rating": rating, "comment": rng.choice(self.c.rating_comments[rating])},
                )
            )

    def rating(self, unhappy: bool) -> int:
        weights = (17, 18, 25, 25, 15) if unhappy else (5, 5, 11, 34, 45)
        return self.rng.choices((1, 2, 3, 4, 5), weights=weights)[0]

    def info_answer(self, ctx: dict[str, Any]) -> str:
        return self.rng.choice(self.c.info_answers).format(**ctx)

    def duplicate_target(self, plan: TicketPlan, place: Place) -> TicketPlan | None:
        assert plan.category is not None
        candidates = [
            p
            for p in self.recent.get((plan.category, place.kecamatan), [])
            if p.fate not in ("merged", "rejected", "withdrawn")
            and timedelta(0) < plan.at - p.at < timedelta(days=10)
        ]
        return self.rng.choice(candidates[-5:]) if candidates else None


# --------------------------------------------------------------------------------------------
# Playing the plan
# --------------------------------------------------------------------------------------------


_PHONE = re.compile(r"(?:\+62|\b62|\b0)[ .-]?8[\d .-]{7,14}\d")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_RT_RW = re.compile(r",?\s*RT\s*\d+\s*/\s*RW\s*\d+")
PUBLISHED_PRIVACY = (Privacy.PUBLIK, Privacy.ANONIM)


def redact(text: str, names: tuple[str, ...] = ()) -> str:
    """The verifier's public version of a report: no names, phone numbers, e-mail addresses,
    nor the RT/RW that points at a few houses (pure, so the demo stays deterministic)."""
    text = _EMAIL.sub("[e-mail]", text)
    text = _PHONE.sub("[nomor telepon]", text)
    text = _RT_RW.sub("", text)
    for name in names:
        if name:
            text = re.sub(rf"\b{re.escape(name)}\b", "[nama]", text)
    return text.strip()


def _tanggal(at: datetime) -> str:
    """The day of `at` as an answer writes it: "Senin, 5 Oktober 2026"."""
    return format_date(at.astimezone(WIB).date(), "EEEE, d MMMM y", locale="id")


_STEP_ACTIONS = {
    "verify": Action.VERIFY,
    "dispatch": Action.DISPATCH,
    "request_info": Action.REQUEST_INFO,
    "archive": Action.ARCHIVE,
    "reject": Action.REJECT,
    "merge": Action.MERGE,
    "accept": Action.ACCEPT,
    "nom": Action.NOT_OUR_MANDATE,
    "transfer": Action.TRANSFER,
    "answer": Action.ANSWER,
    "confirm": Action.CONFIRM,
    "dispute": Action.DISPUTE,
    "withdraw": Action.WITHDRAW,
}

# A reply, a note or added information no longer applies to a report closed this way.
_FINISHED_ELSEWHERE = (Status.DITOLAK, Status.DUPLIKAT, Status.DIARSIPKAN)


@dataclass(frozen=True)
class _StepContext:
    ticket_id: int
    plan: TicketPlan
    step: Step
    actor: Actor
    action: Action | None
    row: dict[str, Any]

    @property
    def args(self) -> dict[str, Any]:
        return self.step.args


def _applies(
    op: str, a: dict[str, Any], action: Action | None, status: Status, agency_code: str | None
) -> bool:
    """Whether a planned step still makes sense for the report as it is now."""
    if action is not None and action not in allowed_actions(status):
        return False
    # Agency steps only make sense while the ticket is with that agency.
    if "agency" in a and op not in ("dispatch", "nom") and a["agency"] != agency_code:
        return False
    return not (op == "nom" and agency_code != a["agency"])


class Player:
    """Performs planned steps with the ticket service, as the person each step belongs to."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.ids: dict[int, int] = {}  # plan number -> ticket id
        self.done: Counter[str] = Counter()
        self.skipped: Counter[str] = Counter()

    def staff(self, agency_id: int | None, *, lead: bool = False) -> Actor:
        code = self.world.agency_codes.get(agency_id) if agency_id else None
        users = self.world.supervisors if lead else self.world.petugas
        user = users.get(code or "") or self.world.petugas.get(code or "")
        return Actor(ActorType.STAFF, user)

    async def create(self, plan: TicketPlan) -> None:
        created = await create_report(plan.draft, actor=plan.actor)
        self.ids[plan.n] = created.ticket_id
        self.done["create"] += 1

    async def step(self, plan: TicketPlan, step: Step) -> None:
        ticket_id = self.ids[plan.n]
        # Raw: this read runs once per step, and the query builder costs more than the query.
        rows = await Ticket.raw(
            "SELECT status, agency, rating FROM ticket WHERE id = {}", ticket_id
        )
        row = rows[0]
        op, a = step.op, step.args
        action = _STEP_ACTIONS.get(op)
        agency_code = self.world.agency_codes.get(row["agency"]) if row["agency"] else None
        if not _applies(op, a, action, Status(row["status"]), agency_code):
            self.skipped[op] += 1
            return
        by_central_unit = op in ("verify", "reject", "merge") or (
            op in ("request_info", "archive") and "by" in a
        )
        actor = (
            a["by"]
            if by_central_unit
            else self.staff(row["agency"], lead=op in ("transfer", "nom"))
        )
        run = _STEP_RUNS.get(op, Player._lifecycle_step)
        done = await run(self, _StepContext(ticket_id, plan, step, actor, action, row))
        if done:
            self.done[op] += 1
        else:
            self.skipped[op] += 1

    # One function per kind of step; each returns False when the step no longer applies.

    async def _dispatch_step(self, c: _StepContext) -> bool:
        agency_id = self.world.agency_ids[c.args["agency"]]
        await perform(c.ticket_id, Action.DISPATCH, actor=c.args["by"], agency_id=agency_id)
        return True

    async def _merge_step(self, c: _StepContext) -> bool:
        target = self.ids.get(c.args["target"])
        if target is None or target == c.ticket_id:
            return False
        other = await Ticket.select(Ticket.status).where(Ticket.id == target).first()
        if other is None or other["status"] == Status.DUPLIKAT.value:
            return False
        await perform(
            c.ticket_id, Action.MERGE, actor=c.actor, body=c.args["body"], duplicate_of=target
        )
        return True

    async def _verify_step(self, c: _StepContext) -> bool:
        async with transaction():
            await perform(c.ticket_id, Action.VERIFY, actor=c.actor, body=c.args.get("body", ""))
            await self.publish_redacted(c.ticket_id, c.plan, c.actor)
        return True

    async def _reject_step(self, c: _StepContext) -> bool:
        await perform(
            c.ticket_id,
            Action.REJECT,
            actor=c.actor,
            body=c.args["body"],
            reason=c.args["reason"],
        )
        return True

    async def _transfer_step(self, c: _StepContext) -> bool:
        target_id = self.world.agency_ids[c.args["to"]]
        if target_id == c.row["agency"]:
            return False
        await perform(
            c.ticket_id,
            Action.TRANSFER,
            actor=c.actor,
            agency_id=target_id,
            reason=c.args["reason"],
        )
        return True

    async def _nom_step(self, c: _StepContext) -> bool:
        await perform(c.ticket_id, Action.NOT_OUR_MANDATE, actor=c.actor, reason=c.args["reason"])
        return True

    async def _answer_step(self, c: _StepContext) -> bool:
        body = c.args["body"].format(**dict(c.args["ctx"], tanggal=_tanggal(c.step.at)))
        await perform(c.ticket_id, Action.ANSWER, actor=c.actor, body=body)
        return True

    async def _message_step(self, c: _StepContext) -> bool:
        if Status(c.row["status"]) in _FINISHED_ELSEWHERE:
            return False
        if c.step.op == "info":
            await add_information(c.ticket_id, c.args["body"])
        else:
            await reply(c.ticket_id, c.args["body"], actor=c.actor, public=c.step.op == "reply")
        return True

    async def _rate_step(self, c: _StepContext) -> bool:
        status = Status(c.row["status"])
        if status not in (Status.DITANGGAPI, Status.SELESAI) or c.row["rating"] is not None:
            return False
        await rate(c.ticket_id, c.args["rating"], c.args["comment"])
        return True

    async def _reporter_step(self, c: _StepContext) -> bool:
        assert c.action is not None
        await perform(c.ticket_id, c.action, actor=REPORTER, body=c.args.get("body", ""))
        return True

    async def _lifecycle_step(self, c: _StepContext) -> bool:
        assert c.action is not None
        await perform(c.ticket_id, c.action, actor=c.actor, body=c.args.get("body", ""))
        return True

    async def publish_redacted(self, ticket_id: int, plan: TicketPlan, actor: Actor) -> None:
        """What the verifier does beside verifying: write the text that may be published."""
        draft = plan.draft
        if draft.privacy not in PUBLISHED_PRIVACY or not draft.description.strip():
            return
        public = redact(draft.description, (draft.reporter.name,))
        await publish_redaction(ticket_id, public, actor=actor)


async def play(
    rng: random.Random,
    *,
    start: datetime,
    end: datetime,
    tickets: int,
    say: Callable[[str], None],
) -> dict[str, Any]:
    """Plan and play `tickets` reports arriving between `start` and `end` (both UTC)."""
    world = await load_world()
    planner = Planner(rng, world, start, end)
    plans = planner.plan_all(tickets)
    say(
        f"riwayat: {len(plans)} laporan direncanakan, {start.astimezone(WIB):%d-%m-%Y} s.d. "
        f"{(end - timedelta(seconds=1)).astimezone(WIB):%d-%m-%Y}"
    )

    # Every happening in time order: (when, report, -1 for its arrival or the step's index).
    timeline: list[tuple[datetime, int, int]] = []
    for plan in plans:
        timeline.append((plan.at, plan.n, -1))
        for i, step in enumerate(plan.steps):
            if step.at < end:
                timeline.append((step.at, plan.n, i))
    timeline.sort(key=lambda x: (x[0], x[1], x[2]))

    player = Player(world)
    now = start
    clock.set_clock(lambda: now)
    next_sweep = start.replace(minute=0, second=0, microsecond=0) + SWEEP_EVERY
    sweeps: Counter[str] = Counter()
    created = 0
    progress = Progress(reports=len(plans), work=len(timeline), say=say)

    async def sweep_until(t: datetime) -> None:
        nonlocal now, next_sweep
        while next_sweep <= t:
            now = next_sweep
            stats = await sweep(now=now)
            sweeps["warnings"] += stats.warnings
            sweeps["escalations"] += stats.escalations
            sweeps["auto_closed"] += stats.auto_closed
            next_sweep += SWEEP_EVERY

    for done, (at, n, i) in enumerate(timeline):
        await sweep_until(at)
        now = at
        plan = plans[n]
        if i < 0:
            await player.create(plan)
            created += 1
        else:
            await player.step(plan, plan.steps[i])
        progress.update(reports_done=created, work_done=done + 1, day=at.astimezone(WIB).date())
    await sweep_until(end)
    now = end

    ticket_ids = sorted(player.ids.values())
    for i in range(0, len(ticket_ids), 500):
        chunk = ticket_ids[i : i + 500]
        await Ticket.update({Ticket.is_demo: True}).where(Ticket.id.is_in(chunk))
    return {
        "fates": dict(sorted(Counter(p.fate for p in plans).items())),
        "steps_done": dict(sorted(player.done.items())),
        "steps_skipped": dict(sorted(player.skipped.items())),
        "sweep": dict(sweeps),
    }


_STEP_RUNS = {
    "dispatch": Player._dispatch_step,
    "merge": Player._merge_step,
    "verify": Player._verify_step,
    "reject": Player._reject_step,
    "transfer": Player._transfer_step,
    "nom": Player._nom_step,
    "answer": Player._answer_step,
    "reply": Player._message_step,
    "note": Player._message_step,
    "info": Player._message_step,
    "rate": Player._rate_step,
    "confirm": Player._reporter_step,
    "dispute": Player._reporter_step,
    "withdraw": Player._reporter_step,
}
