"""What an analyst asks for: one filter type for the database query, the CLI and the dashboard, and its
URL query-string form, so that a link reproduces exactly what an analyst sees."""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Iterable, Mapping

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import GenericFunction

from geo import get_boundaries
from incidents.confidence import AWAITING_REASONS, COUNTED_FROM
from incidents.model import (ATTACK_TYPES, EARLIEST_DATE, MAX_FATALITIES, PERPETRATORS, VICTIM_GROUPS,
                             latest_date)
from store.schema import incidents_table, reports_table, sources_table

OUTLET_SEPARATOR = "; "  # between the outlets in the `source` column of IncidentStore.table
# Tuple fields and the short names they take in a URL.
_URL_LISTS = {"sectors": "sector", "admin1": "admin1", "perpetrators": "perpetrator", "attack_types": "type",
              "victim_groups": "victims", "statuses": "status", "outlets": "source", "origins": "origin"}
_URL_SINGLES = ("from", "to", "min_fatalities", "bbox", "area", "awaiting")
AWAITING_COUNTED = "counted"  # a link's awaiting=counted: incidents awaiting review count in the figures
# What else a dashboard link may carry: the map's `incident` (an attack to open, analysis.incident_table) and
# `q` (the words of its search box).
OTHER_LINK_KEYS = ("incident", "q")

Box = tuple[float, float, float, float]  # west, south, east, north, in degrees
REVIEW_STATUSES = ("extracted", "reviewed", "rejected")  # those an analyst filters on ("merged" is never shown)
# The values a link may ask for, whatever is stored; the other lists (sector, source...) depend on the data.
FIXED_CHOICES = {"victim_groups": VICTIM_GROUPS, "perpetrators": PERPETRATORS, "attack_types": ATTACK_TYPES,
                 "statuses": REVIEW_STATUSES}


class InBox(GenericFunction):
    """InBox(west, south, east, north): the incident's point lies in the box. Latitude and longitude
    ranges (their B-tree index) on SQLite; the PostGIS point's GiST index (`geom && envelope`) on
    PostgreSQL. The corners are bound parameters, so the statement is compiled once and cached."""

    name = "in_box"
    # Untyped: a Boolean function is compared with 1 on SQLite ("(... BETWEEN ...) = 1"), which no index serves.
    type = sa.types.NullType()
    inherit_cache = True


def _corners(element: InBox, compiler, **kw) -> list[str]:
    return [compiler.process(corner, **kw) for corner in element.clauses]


@compiles(InBox)
def _in_box(element: InBox, compiler, **kw) -> str:
    west, south, east, north = _corners(element, compiler, **kw)
    return (f"(incidents.latitude BETWEEN {south} AND {north} AND "
            f"incidents.longitude BETWEEN {west} AND {east})")


@compiles(InBox, "postgresql")
def _in_box_postgis(element: InBox, compiler, **kw) -> str:
    west, south, east, north = _corners(element, compiler, **kw)
    return f"incidents.geom && ST_MakeEnvelope({west}, {south}, {east}, {north}, 4326)"


class InWideBox(InBox):
    """InBox for a box holding much of the map (WIDE_BOX): on SQLite, whose planner cannot tell a wide range from a
    narrow one, the rows are scanned rather than fetched one by one through the coordinates' index (at 100,000
    incidents a view of the whole frontline took 0.8 s through the index, 0.1 s scanned). PostgreSQL's planner
    knows from its statistics."""

    name = "in_wide_box"
    inherit_cache = True


WIDE_BOX = 1.0  # square degrees: a box this large is a wide view (the frontline spans about 6 by 4 degrees)


@compiles(InWideBox)
def _in_wide_box(element: InWideBox, compiler, **kw) -> str:
    west, south, east, north = _corners(element, compiler, **kw)  # "+": the coordinates' index is not used
    return (f"(+incidents.latitude BETWEEN {south} AND {north} AND "
            f"+incidents.longitude BETWEEN {west} AND {east})")


@compiles(InWideBox, "postgresql")
def _in_wide_box_postgis(element: InWideBox, compiler, **kw) -> str:
    return _in_box_postgis(element, compiler, **kw)


def box_clause(box: Box) -> InBox:
    """The SQL condition for a point in `box`: InBox, or InWideBox for a wide one."""
    west, south, east, north = box
    return (InWideBox if (east - west) * (north - south) >= WIDE_BOX else InBox)(*box)


def in_box(table: pd.DataFrame, box: Box) -> pd.Series:
    """Which rows of an incident table have their point in the box (InBox, for a table in memory)."""
    west, south, east, north = box
    return table["latitude"].between(south, north) & table["longitude"].between(west, east)


def parse_box(text: str) -> Box:
    """"W,S,E,N" in degrees, as bounding boxes are usually written."""
    try:
        west, south, east, north = (float(v) for v in text.split(","))
    except ValueError:
        raise ValueError(f"a box is four numbers, west,south,east,north: {text!r}") from None
    if not all(map(math.isfinite, (west, south, east, north))):
        raise ValueError(f"a box is four finite numbers: {text!r}")
    if not (west < east and south < north):
        raise ValueError(f"a box needs west < east and south < north: {text!r}")
    return west, south, east, north


# The study area: the disputed territories and the Kurdistan Region's edge, i.e. the frontline sectors
# (tools/build_data.py: the UNAMI 2009 districts, Mandali, and Kalar on the Kurdistan Region's side).
AREAS = {"study": "Disputed territories and the Kurdistan Region's edge", "outside": "Outside them"}


def in_study_area(table: pd.DataFrame) -> pd.Series:
    """Rows in the study area: in a frontline sector, or not placed yet, or known only to a governorate that a
    sector covers part of (geo.Boundaries.study_governorates): kept in view until an analyst places them."""
    governorate_wide = (table["geo_precision"] == "governorate") & table["admin1"].isin(
        get_boundaries().study_governorates)
    return table["sector"].notna() | table["latitude"].isna() | governorate_wide


def _study_area() -> sa.ColumnElement:
    t = incidents_table.c
    # NULL-safe, as in_study_area reads a missing value: an import's unmapped precision must not drop its row from
    # both the study area and outside it.
    governorate_wide = sa.and_(sa.func.coalesce(t.geo_precision, "") == "governorate",
                               sa.func.coalesce(t.admin1, "").in_(sorted(get_boundaries().study_governorates)))
    return sa.or_(t.sector.isnot(None), t.latitude.is_(None), governorate_wide)


def _awaiting_review() -> sa.ColumnElement:
    """incidents.confidence.awaiting_review in SQL: an extracted incident whose figures are in question."""
    t = incidents_table.c
    doubtful = sa.or_(*(sa.func.coalesce(t.review_reason, "").contains(reason, autoescape=True)
                        for reason in AWAITING_REASONS), sa.func.coalesce(t.confidence, 1.0) < COUNTED_FROM)
    return sa.and_(t.status == "extracted", doubtful)


AWAITING_REVIEW = _awaiting_review()


def _area(text: str) -> str | None:
    """An area's URL value: "study" or "outside"; "all" is everywhere (None)."""
    if text not in (*AREAS, "all"):
        raise ValueError(text)
    return None if text == "all" else text


def _counted(text: str) -> bool:
    """A link's awaiting value: only "counted" means anything (the default leaves them out of the figures)."""
    if text != AWAITING_COUNTED:
        raise ValueError(text)
    return True


class Unfit(ValueError):
    """A value that does not fit, with why in an analyst's words ("must be 0 or more"): a link's notice
    says the reason, the command line the reason and the value."""

    def __init__(self, reason: str, text: str):
        super().__init__(f"{reason}: {text!r}")
        self.reason = reason


def parse_minimum(text: str) -> int:
    """A minimum of fatalities, from a link or the command line: a whole number ("²" is a digit to Python,
    not a number), lowered to MAX_FATALITIES (the most one incident's counts can add up to)."""
    if text.startswith("-") and text[1:].isdecimal():
        raise Unfit("must be 0 or more", text)
    if not text.isdecimal():
        raise ValueError(f"not a whole number: {text!r}")
    return min(int(text), MAX_FATALITIES)


@dataclass(frozen=True)
class IncidentFilter:
    """None or empty means no constraint (but merged incidents, kept only so a merge can be undone, are
    left out unless statuses asks for them). Dates bound event_date."""

    date_from: date | None = None
    date_to: date | None = None
    sectors: tuple[str, ...] = ()
    admin1: tuple[str, ...] = ()
    perpetrators: tuple[str, ...] = ()
    attack_types: tuple[str, ...] = ()
    victim_groups: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    origins: tuple[str, ...] = ()  # "reports", "acled", "ucdp": which datasets to show
    min_fatalities: int | None = None
    box: Box | None = None
    area: str | None = None  # "study" or "outside" (see AREAS); None: everywhere
    # Whether incidents awaiting review (incidents.confidence.awaiting_review) count in the figures and exports;
    # they are shown on the map either way.
    count_awaiting: bool = False

    def where(self, counted: bool = False) -> list:
        """The filter's SQL conditions; `counted`: only the incidents its figures and exports count."""
        t = incidents_table.c
        clauses = [] if self.statuses else [t.status != "merged"]  # merged rows are only kept for undo
        if self.date_from:
            clauses.append(t.event_date >= self.date_from)
        if self.date_to:
            clauses.append(t.event_date <= self.date_to)
        for column, values in ((t.sector, self.sectors), (t.admin1, self.admin1), (t.perpetrator, self.perpetrators),
                               (t.attack_type, self.attack_types), (t.status, self.statuses), (t.origin, self.origins)):
            if values:
                clauses.append(column.in_(values))
        if self.box:
            clauses.append(box_clause(self.box))
        if self.area:  # the study area (in_study_area)
            inside = _study_area()
            clauses.append(inside if self.area == "study" else sa.not_(inside))
        if counted and not self.count_awaiting:
            clauses.append(sa.not_(AWAITING_REVIEW))
        if self.victim_groups:
            clauses.append(sa.or_(*[sa.or_(t[f"killed_{g}"] > 0, t[f"wounded_{g}"] > 0) for g in self.victim_groups]))
        if self.min_fatalities:
            clauses.append(sa.func.coalesce(t.fatalities_best, 0) >= self.min_fatalities)
        if self.outlets:
            clauses.append(t.incident_id.in_(
                sa.select(sources_table.c.incident_id).join(reports_table,
                                                            reports_table.c.report_id == sources_table.c.report_id)
                .where(reports_table.c.outlet.in_(self.outlets))))
        return clauses

    def mask(self, table: pd.DataFrame, counted: bool = False) -> pd.Series:
        """The same filter as `where`, on a table already in memory (IncidentStore.table): a date-range
        change on 100,000 incidents costs milliseconds instead of a new query. Tested against `where`."""
        keep = pd.Series(True, index=table.index) if self.statuses else table["status"] != "merged"
        if self.date_from:
            keep &= table["event_date"] >= pd.Timestamp(self.date_from)
        if self.date_to:
            keep &= table["event_date"] <= pd.Timestamp(self.date_to)
        for column, values in (("sector", self.sectors), ("admin1", self.admin1), ("perpetrator", self.perpetrators),
                               ("attack_type", self.attack_types), ("status", self.statuses), ("origin", self.origins)):
            if values:
                keep &= table[column].isin(values)
        if self.box:
            keep &= in_box(table, self.box)
        if self.area:
            inside = in_study_area(table)
            keep &= inside if self.area == "study" else ~inside
        if self.victim_groups:
            hit = pd.Series(False, index=table.index)
            for g in self.victim_groups:
                hit |= (table[f"killed_{g}"].fillna(0) > 0) | (table[f"wounded_{g}"].fillna(0) > 0)
            keep &= hit
        if self.min_fatalities:
            keep &= table["fatalities_best"].fillna(0) >= self.min_fatalities
        if self.outlets:
            wanted = set(self.outlets)
            outlets = table["source"].fillna("").str.split(OUTLET_SEPARATOR)
            keep &= outlets.map(lambda names: not wanted.isdisjoint(names))
        if counted and not self.count_awaiting:
            keep &= ~table["awaiting_review"]
        return keep

    def to_query(self) -> dict[str, str | list[str]]:
        """The filter as URL query parameters (only what constrains)."""
        query: dict[str, str | list[str]] = {}
        if self.date_from:
            query["from"] = self.date_from.isoformat()
        if self.date_to:
            query["to"] = self.date_to.isoformat()
        for name, key in _URL_LISTS.items():
            if getattr(self, name):
                query[key] = list(getattr(self, name))
        if self.min_fatalities:
            query["min_fatalities"] = str(self.min_fatalities)
        if self.box:
            query["bbox"] = ",".join(f"{v:g}" for v in self.box)
        if self.area:
            query["area"] = self.area
        if self.count_awaiting:
            query["awaiting"] = AWAITING_COUNTED
        return query

    @classmethod
    def from_query(cls, query: Mapping[str, str | list[str]]) -> "IncidentFilter":
        """Read a filter from URL query parameters; values that do not fit are left out (read_query says which)."""
        return cls.read_query(query)[0]

    @classmethod
    def read_query(cls, query: Mapping[str, str | list[str]]) -> tuple["IncidentFilter", list[str]]:
        """A filter from URL query parameters, and what the link asked for that was left out or clamped
        ("key=value (why)"), an unknown key too ("not a filter"): a stale or mistyped link still opens. Lists
        keep only FIXED_CHOICES' values; `fitted` checks the others against the data."""
        left_out: list[str] = []

        def values(key: str) -> tuple[str, ...]:
            raw = query.get(key, ())
            return tuple(v for v in ([raw] if isinstance(raw, str) else raw) if v)

        def first(key: str, parse, why: str):
            if not values(key):
                return None
            try:
                return parse(values(key)[0])
            except (ValueError, OverflowError) as exc:
                reason = exc.reason if isinstance(exc, Unfit) else why
                left_out.append(f"{key}={values(key)[0][:40]} ({reason})")
                return None

        def minimum(text: str) -> int:
            number = parse_minimum(text)
            if number < int(text):
                left_out.append(f"min_fatalities={text[:40]} (lowered to {MAX_FATALITIES:,})")
            return number

        flt = cls(date_from=first("from", date.fromisoformat, "not a date"),
                  date_to=first("to", date.fromisoformat, "not a date"),
                  min_fatalities=first("min_fatalities", minimum, "not a whole number") or None,
                  box=first("bbox", parse_box, "not a box west,south,east,north"),
                  area=first("area", _area, "not study, outside or all"),
                  count_awaiting=bool(first("awaiting", _counted, f"not {AWAITING_COUNTED}")),
                  **{name: values(key) for name, key in _URL_LISTS.items()})
        fitted, dropped = flt.fitted(FIXED_CHOICES)
        known = {*_URL_SINGLES, *_URL_LISTS.values(), *OTHER_LINK_KEYS}
        unknown = [f"{key[:40]}={(values(key) or ('',))[0][:40]} (not a filter)" for key in query
                   if key not in known]
        return fitted, left_out + dropped + unknown

    def fitted(self, choices: Mapping[str, Iterable[str]]) -> tuple["IncidentFilter", list[str]]:
        """The filter with, in each list named in `choices`, only the values it offers; and what was left out
        ("key=value (not offered)")."""
        changes, left_out = {}, []
        for name, allowed in choices.items():
            allowed = set(allowed)
            kept = tuple(v for v in getattr(self, name) if v in allowed)
            if kept != getattr(self, name):
                changes[name] = kept
                left_out += [f"{_URL_LISTS[name]}={v[:40]} (not offered)" for v in getattr(self, name)
                             if v not in allowed]
        return replace(self, **changes), left_out


# What the dashboard opens on, and what `frontline stats` reports when given no filter: every date, the study
# area, every incident but the rejected ones.
OPENING_VIEW = IncidentFilter(statuses=("extracted", "reviewed"), area="study")


def date_window(span: tuple[date, date] | None) -> tuple[date, date]:
    """The date slider's bounds: the stored events' first and last days, kept to the days an event can
    have (model.check_day: a stored 9999-12-31 must not break the page), at least a day apart; the last
    30 days when nothing is stored."""
    latest = latest_date()
    span = span or (latest - timedelta(days=31), latest - timedelta(days=1))
    first, last = (min(max(day, EARLIEST_DATE), latest) for day in span)
    if last > first:
        return first, last
    return (latest - timedelta(days=1), latest) if first == latest else (first, first + timedelta(days=1))
