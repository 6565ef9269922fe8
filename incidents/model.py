"""One schema for an incident, named like ACLED/UCDP fields where the meaning matches.

An incident is built from its sources: each SourceRef keeps what one report said (its own
place, dates and casualty figures, and the sentence quoted), so merges never lose a figure and
an analyst can split them again. The incident-level fields are a consolidation of its sources
(incidents.dedup.consolidate).
"""
from __future__ import annotations

import hashlib
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field, field_validator

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


class Casualties(BaseModel):
    """Counts per victim group; None means the text gives no number (not zero)."""

    model_config = ConfigDict(extra="forbid")

    peshmerga: int | None = None
    iraqi_army: int | None = None
    police: int | None = None
    pmf: int | None = None
    civilians: int | None = None
    unknown: int | None = None

    @property
    def total(self) -> int | None:
        known = [v for v in self.as_dict().values() if v is not None]
        return sum(known) if known else None

    def as_dict(self) -> dict[str, int | None]:
        return {g: getattr(self, g) for g in VICTIM_GROUPS}

    def groups(self) -> set[str]:
        return {g for g, v in self.as_dict().items() if v}


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
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: GeoPrecisionName | None = None
    admin1: str | None = None
    admin2: str | None = None
    sector: str | None = None
    attack_type: str = "armed_attack"
    perpetrator: str = "unknown"
    killed: Casualties = Field(default_factory=Casualties)
    wounded: Casualties = Field(default_factory=Casualties)
    notes: str = ""

    @field_validator("date_end")
    @classmethod
    def _range_ordered(cls, end: date, info) -> date:
        start = info.data.get("date_start")
        if start and end < start:
            raise ValueError(f"date_end {end} is before date_start {start}")
        return end


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


class Incident(AttackFields):
    incident_id: str
    fatalities_low: int | None = None
    fatalities_best: int | None = None
    fatalities_high: int | None = None
    sources: list[SourceRef] = Field(default_factory=list)
    status: Status = "extracted"
    origin: str = Field(default="reports", description="'reports' (extracted here) or the dataset it was "
                        "imported from ('acled', 'ucdp')")
    external_id: str | None = Field(default=None, description="the dataset's own identifier, for imports")
    confidence: float | None = Field(default=None, ge=0, le=1, description="how far the cues that produced it "
                                     "can be trusted (incidents.confidence); None for imported datasets")
    review_reason: str = Field(default="", description="why an analyst should review it before trusting it")

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
