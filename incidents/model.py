"""One schema for an incident, named like ACLED/UCDP fields where the meaning matches.

An incident is built from its sources: each SourceRef keeps what one report said (its own
place, dates and casualty figures, and the sentence quoted), so merges never lose a figure and
an analyst can split them again. The incident-level fields are a consolidation of its sources
(incidents.dedup.consolidate).
"""
from __future__ import annotations

import hashlib
import math
import time
from datetime import date, timedelta
from functools import lru_cache
from typing import Annotated, Literal

from pydantic import (AfterValidator, BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, computed_field,
                      field_validator, model_validator)

VICTIM_GROUPS = ("peshmerga", "iraqi_army", "police", "pmf", "civilians", "unknown")
DatePrecision = Literal["day", "week", "month", "range"]
GeoPrecisionName = Literal["exact_place", "sub_district", "district", "governorate"]
# "merged": folded into another incident by an analyst; kept (so the merge can be undone), never counted.
Status = Literal["extracted", "reviewed", "rejected", "merged"]
ATTACK_TYPES = ("armed_attack", "ied", "suicide_attack", "sniper", "mortar_rocket", "ambush", "clash",
                "abduction", "other")
PERPETRATORS = ("isis", "unknown", "other")
# More killed or wounded in one attack than this conflict has seen: a figure beyond it is kept but flagged for
# review (review_reason) and never drawn at full size.
FIGURE_GUARDRAIL = 300
# No count of one attack can be larger than this: a count above it (or negative, fractional or not finite) is
# refused wherever it comes from, so one bad value can neither swell nor lower the totals.
MAX_COUNT = 100_000
GUARDRAIL_REASON = f"a figure above {FIGURE_GUARDRAIL}"
# West, south, east, north (degrees) around Iraq and its neighbours: a point outside is an error (a swapped
# or mistyped coordinate), not an attack in this conflict.
REGION_BOX = (30.0, 24.0, 52.0, 42.0)
EARLIEST_DATE = date(1990, 1, 1)
# How much later than its report's publication date an event may be dated: a report from a time zone ahead of ours.
PUBLICATION_SLACK = timedelta(days=1)

MAX_FATALITIES = MAX_COUNT * len(VICTIM_GROUPS)  # the most one incident's counts can add up to
# Validation context for what is read back from the store: the plausibility checks above guard every way in,
# but a row stored before them (or written by hand) must still be read, so that no page breaks on it.
STORED = {"stored": True}


def _stored(info: ValidationInfo) -> bool:
    return bool(info.context and info.context.get("stored"))


def _at_most(most: int) -> AfterValidator:
    def check(value: int, info: ValidationInfo) -> int:
        if not 0 <= value <= most and not _stored(info):
            raise ValueError(f"{value} is not a count from 0 to {most:,}")
        return value
    return AfterValidator(check)


Count = Annotated[int, _at_most(MAX_COUNT)]  # whole (3.9 is refused, not cut to 3), finite, 0 to MAX_COUNT


def beyond_guardrail(count: int | None) -> bool:
    """Whether a figure is more than one attack in this conflict has reached (FIGURE_GUARDRAIL)."""
    return count is not None and count > FIGURE_GUARDRAIL


def latest_date() -> date:
    """The latest event date accepted: tomorrow (a report from a time zone ahead of ours)."""
    return _tomorrow(int(time.time() // 60))


@lru_cache(maxsize=1)
def _tomorrow(_minute: int) -> date:
    """Tomorrow, asked of the clock once a minute rather than for every date validated."""
    return date.today() + timedelta(days=1)


def check_day(day: date) -> date:
    """`day` when it can be an event date here (EARLIEST_DATE to latest_date()), else ValueError."""
    if not EARLIEST_DATE <= day <= latest_date():
        raise ValueError(f"{day} is not between {EARLIEST_DATE} and {latest_date()}")
    return day


def in_region(latitude: float, longitude: float) -> bool:
    """Whether a point is finite and inside REGION_BOX."""
    west, south, east, north = REGION_BOX
    return (math.isfinite(latitude) and math.isfinite(longitude) and south <= latitude <= north
            and west <= longitude <= east)


def problems(error: Exception) -> str:
    """An error in one line: a validation error's refused fields, each with its value and why (pydantic's own
    text runs over several lines, with links); any other error's first line (a database error's statement and
    parameters left out)."""
    if isinstance(error, ValidationError):
        text = "; ".join((f"{'.'.join(map(str, e['loc']))} = {e['input']}: " if e["loc"] else "")
                         + e["msg"].removeprefix("Value error, ") for e in error.errors())
    else:
        text = (str(error).strip().splitlines() or [type(error).__name__])[0]
    return " ".join(text.split())


class Casualties(BaseModel):
    """Counts per victim group; None means the text gives no number (not zero)."""

    model_config = ConfigDict(extra="forbid")

    peshmerga: Count | None = None
    iraqi_army: Count | None = None
    police: Count | None = None
    pmf: Count | None = None
    civilians: Count | None = None
    unknown: Count | None = None

    @property
    def total(self) -> int | None:
        known = [v for v in self.__dict__.values() if v is not None]  # the fields are exactly VICTIM_GROUPS
        return sum(known) if known else None

    def as_dict(self) -> dict[str, int | None]:
        return {g: getattr(self, g) for g in VICTIM_GROUPS}

    def groups(self) -> set[str]:
        return {g for g, v in self.as_dict().items() if v}

    def part_of(self, whole: "Casualties") -> bool:
        """"Ten Peshmerga and three civilians were killed" ... "they killed three villagers": each group's count
        no more than the whole's, and a group named in both; a part of that toll, not another toll."""
        counts, of = self.as_dict(), whole.as_dict()
        named = [g for g, n in counts.items() if n is not None]
        return bool(named) and any(g != "unknown" and (of[g] is not None or of["unknown"]) for g in named) and all(
            of[g] is not None and n <= of[g] or (g == "unknown" or of["unknown"]) and n <= (whole.total or 0)
            for g, n in counts.items() if n is not None)


class Report(BaseModel):
    """A news report as ingested. report_id is a hash of its text, so the same report is one report."""

    title: str = ""
    url: str = ""
    outlet: str = ""
    published: date
    anchored_on: str = Field(default="", description="when the page gives no publication date: the words in "
                             "the text that fixed `published` instead (the latest day the text states)")
    text: str
    path: str = ""
    notices: tuple[str, ...] = Field(default=(), description="what reading it found worth saying (not stored)")

    @computed_field
    @property
    def report_id(self) -> str:
        return hashlib.sha256(" ".join(self.text.split()).encode("utf-8")).hexdigest()[:16]


class AttackFields(BaseModel):
    """What is known of one attack: when, where, who, how, and its toll. Shared by what one report
    says (SourceRef) and by the consolidated incident (Incident)."""

    event_date: date
    date_precision: DatePrecision
    date_start: date
    date_end: date
    place: str = Field(default="", description="the place as written in the report")
    place_id: str | None = None
    location: str | None = Field(default=None, description="normalised gazetteer name")
    latitude: float | None = Field(default=None, allow_inf_nan=False)
    longitude: float | None = Field(default=None, allow_inf_nan=False)
    geo_precision: GeoPrecisionName | None = None
    admin1: str | None = None
    admin2: str | None = None
    sector: str | None = None
    attack_type: str = "armed_attack"
    perpetrator: str = "unknown"
    killed: Casualties = Field(default_factory=Casualties)
    wounded: Casualties = Field(default_factory=Casualties)
    notes: str = ""

    @field_validator("event_date", "date_start", "date_end")
    @classmethod
    def _plausible_day(cls, day: date, info: ValidationInfo) -> date:
        return day if _stored(info) else check_day(day)

    @field_validator("date_end")
    @classmethod
    def _range_ordered(cls, end: date, info) -> date:
        start = info.data.get("date_start")
        if start and end < start:
            raise ValueError(f"date_end {end} is before date_start {start}")
        return end

    @model_validator(mode="before")
    @classmethod
    def _governorate_wide(cls, data):
        """A place known only to its governorate lies in no district or sector: its point is the governorate's
        middle, and the district and sector found there may not be the attack's."""
        if isinstance(data, dict) and data.get("geo_precision") == "governorate" and (
                data.get("sector") or data.get("admin2")):
            return {**data, "sector": None, "admin2": None}
        return data

    @model_validator(mode="before")
    @classmethod
    def _stored_point(cls, data, info: ValidationInfo):
        """A stored point that is not finite (written before the checks) is read as no point: no export
        may hold Infinity, which is not JSON."""
        point = (data.get("latitude"), data.get("longitude")) if isinstance(data, dict) else ()
        if _stored(info) and any(isinstance(v, float) and not math.isfinite(v) for v in point):
            return {**data, "latitude": None, "longitude": None}
        return data

    @model_validator(mode="after")
    def _plausible_point(self, info: ValidationInfo):
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("latitude and longitude come together: both or neither")
        if self.latitude is not None and not in_region(self.latitude, self.longitude) and not _stored(info):
            raise ValueError(f"latitude {self.latitude}, longitude {self.longitude} is outside Iraq and its "
                             f"neighbours (west, south, east, north: {REGION_BOX})")
        return self


class SourceRef(AttackFields):
    """What one report says about one incident."""

    report_id: str
    url: str = ""
    title: str = ""
    outlet: str = ""
    published: date
    sentence: str
    mention: int = 0  # index of the incident among those extracted from this report
    unresolved_place: str | None = None  # the name as written when the gazetteer lacks it
    radius_km: float | None = None
    doubts: list[str] = Field(default_factory=list, description="what in the report's wording makes this account "
                              "less certain (incidents.confidence.Doubt values)")

    @model_validator(mode="after")
    def _told_before_published(self, info: ValidationInfo):
        """A report tells of what happened before it was published (a day's slack for time zones): an event dated
        later is a misread or mistyped date, refused, not stored to stretch every chart over the years between."""
        if self.event_date > self.published + PUBLICATION_SLACK and not _stored(info):
            raise ValueError(f"event date {self.event_date} is after its report's publication date {self.published} "
                             f"(more than {PUBLICATION_SLACK.days} day later)")
        return self


class Incident(AttackFields):
    incident_id: str
    fatalities_low: Annotated[int, _at_most(MAX_FATALITIES)] | None = None
    fatalities_best: Annotated[int, _at_most(MAX_FATALITIES)] | None = None
    fatalities_high: Annotated[int, _at_most(MAX_FATALITIES)] | None = None
    sources: list[SourceRef] = Field(default_factory=list)
    status: Status = "extracted"
    origin: str = Field(default="reports", description="'reports' (extracted here) or the dataset it was "
                        "imported from ('acled', 'ucdp')")
    external_id: str | None = Field(default=None, description="the dataset's own identifier, for imports")
    confidence: float | None = Field(default=None, ge=0, le=1, description="the chance that it is real and its "
                                     "killed count right (incidents.confidence); None for imported datasets")
    review_reason: str = Field(default="", description="why an analyst should review it before trusting it")

    @model_validator(mode="after")
    def _checked(self):
        """An imported incident keeps its dataset's identifier; a figure beyond FIGURE_GUARDRAIL is kept
        but said to need review, whichever path built the incident."""
        if self.origin != "reports" and not (self.external_id or "").strip():
            raise ValueError(f"an incident imported from {self.origin} needs its identifier (external_id)")
        figures = {"killed": self.killed.total, "wounded": self.wounded.total, "fatalities": self.fatalities_high}
        above = {name: n for name, n in figures.items() if beyond_guardrail(n)}
        if above and GUARDRAIL_REASON not in self.review_reason:
            said = ", ".join(f"{name} {n}" for name, n in above.items())
            flagged = f"{GUARDRAIL_REASON} ({said}): check the source"
            self.review_reason = "; ".join(filter(None, [self.review_reason, flagged]))
        return self

    @computed_field
    @property
    def killed_total(self) -> int | None:
        return self.killed.total

    @computed_field
    @property
    def wounded_total(self) -> int | None:
        return self.wounded.total

    @property
    def geolocated(self) -> bool:
        return self.latitude is not None and self.longitude is not None
