"""ACLED and UCDP GED in and out: what their columns mean.

Import reads the CSV files each project publishes (ACLED's export columns, UCDP GED's columns) into our
schema: their dates with a precision, their coordinates located again in our admin areas and sectors
by point-in-polygon, fatalities, actors and sources, with the original identifier kept (`external_id`)
and the origin marked (`acled`, `ucdp`) so the map can show or hide each dataset. A row the model
refuses is reported with its line number and skipped; the rest lands (exchange.dataset_files reads a
file of any size in batches). Importing the same events again (the same file, or another file with the
same identifiers) adds nothing.

Export writes our incidents in ACLED's column layout, so they open in tools built for ACLED data.
"""
from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Iterable
from typing import TextIO
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from pydantic import TypeAdapter, ValidationError

from exchange.export import neutralise_formula
from incidents.model import (MAX_COUNT, AttackFields, Casualties, Count, Incident, Report, SourceRef, check_day,
                             in_region)

# The columns of ACLED's data export (acleddata.com, "Export Tool" / API), in their order.
ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
    "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]
ACLED_REQUIRED = ["event_id_cnty", "event_date", "time_precision", "sub_event_type", "actor1", "actor2", "location",
                  "latitude", "longitude", "geo_precision", "source", "notes", "fatalities"]
# The columns of the UCDP Georeferenced Event Dataset (GED) CSV that the import reads.
UCDP_REQUIRED = ["id", "side_a", "side_b", "source_article", "source_headline", "where_prec", "where_coordinates",
                 "latitude", "longitude", "date_prec", "date_start", "date_end", "deaths_a", "deaths_b",
                 "deaths_civilians", "deaths_unknown", "best", "high", "low"]

ACLED_PRECISION = {"1": "exact_place", "2": "sub_district", "3": "district"}
ACLED_TIME = {"1": "day", "2": "week", "3": "month"}
# UCDP where_prec: 1 exact, 2 within 25 km, 3 second-order admin area, 4 first-order, 5 a road or river
# (coordinates are a point on it), 6 country, 7 waters: the last two give no place to map.
UCDP_PRECISION = {"1": "exact_place", "2": "sub_district", "3": "district", "4": "governorate", "5": "district"}
ACLED_SUB_EVENT = {
    "armed clash": "clash", "attack": "armed_attack", "remote explosive/landmine/ied": "ied",
    "shelling/artillery/missile attack": "mortar_rocket", "suicide bomb": "suicide_attack",
    "abduction/forced disappearance": "abduction", "grenade": "ied",
}


def actor_kind(name: str) -> str:
    """isis, unknown (unidentified armed groups) or other, from an ACLED or UCDP actor name."""
    lowered = name.lower()
    if "islamic state" in lowered or lowered.strip() in ("is", "isis", "isil", "daesh"):
        return "isis"
    if "unidentified" in lowered or not lowered.strip():
        return "unknown"
    return "other"


def victim_group(name: str) -> str:
    """Our victim group for an actor ACLED or UCDP names as the target or the other side."""
    lowered = name.lower()
    for needle, group in (("peshmerga", "peshmerga"), ("kurdistan regional", "peshmerga"),
                          ("popular mobilization", "pmf"), ("hashd", "pmf"), ("police", "police"),
                          ("military forces of iraq", "iraqi_army"), ("government of iraq", "iraqi_army"),
                          ("civilians", "civilians")):
        if needle in lowered:
            return group
    return "unknown"


class OutsideRegion(Exception):
    """A valid point on Earth, but outside the region this tool covers (model.REGION_BOX): the row is left
    out, not refused."""


_COUNT = TypeAdapter(Count | None)


def _count(row: dict, column: str) -> int | None:
    """A casualty count as the model accepts it (whole, 0 to MAX_COUNT): never truncated or rounded."""
    value = row[column].strip()
    try:
        return _COUNT.validate_python(value or None)
    except ValidationError:
        raise ValueError(f"{column} {value!r} is not a count (a whole number from 0 to {MAX_COUNT:,})") from None


def _day(value: str) -> date:
    """A date as ACLED or UCDP write it, if an event can have it (model.check_day)."""
    return check_day(_parsed_day(value.strip()))


def _parsed_day(value: str) -> date:
    try:
        return date.fromisoformat(value)  # the common form, parsed fast
    except ValueError:
        pass
    for pattern in ("%d %B %Y", "%d-%B-%Y", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"not a date: {value!r}")


def _range_precision(start: date, end: date) -> str:
    days = (end - start).days
    return "day" if days == 0 else "week" if days <= 7 else "month" if days <= 31 else "range"


def _point(row: dict) -> tuple[float, float]:
    """The row's point; ValueError when it is no point on Earth, OutsideRegion when it lies outside REGION_BOX."""
    try:
        latitude, longitude = float(row["latitude"]), float(row["longitude"])
    except ValueError:
        raise ValueError(f"latitude {row['latitude']!r}, longitude {row['longitude']!r}: not numbers") from None
    if not (math.isfinite(latitude) and math.isfinite(longitude) and abs(latitude) <= 90 and abs(longitude) <= 180):
        raise ValueError(f"latitude {row['latitude']!r}, longitude {row['longitude']!r}: not a point on Earth")
    if not in_region(latitude, longitude):
        raise OutsideRegion
    return latitude, longitude


def _ucdp_point(row: dict) -> tuple[float, float] | None:
    """UCDP's point, when its precision gives a place to map (not a country or waters)."""
    return _point(row) if row["where_prec"].strip() in UCDP_PRECISION else None


def _with_precision(located: dict, precision: str | None) -> dict:
    """The located point with its geo precision; a governorate-wide point names no district."""
    if not located:
        return {}
    return {**located, "geo_precision": precision, **({"admin2": None} if precision == "governorate" else {})}


def _identifier(row: dict, column: str) -> str:
    value = row[column].strip()
    if not value:
        raise ValueError(f"{column} is empty: every event needs its identifier")
    return value


def _imported(origin: str, external_id: str, source: SourceRef) -> Incident:
    """The incident one dataset row stands for, validated with its origin and identifier: its one source's
    fields, as incidents.dedup.consolidate makes them for a single source (without its cost, which
    dominates an import of 200,000 rows)."""
    total = source.killed.total
    return Incident(**{name: getattr(source, name) for name in AttackFields.model_fields},
                    incident_id=f"{origin}-{external_id}", fatalities_low=total, fatalities_best=total,
                    fatalities_high=total, sources=[source], origin=origin, external_id=external_id)


def _acled(row: dict, report: Report, line: int, located: dict) -> Incident:
    external_id = _identifier(row, "event_id_cnty")
    event_date = _day(row["event_date"])
    precision = ACLED_TIME.get(row["time_precision"].strip())
    if precision is None:
        raise ValueError(f"time_precision {row['time_precision']!r} is not 1, 2 or 3")
    start, end = ((event_date, event_date) if precision == "day" else
                  (event_date - timedelta(days=3), event_date + timedelta(days=3)) if precision == "week" else
                  (event_date.replace(day=1), (event_date.replace(day=28) + timedelta(days=4)).replace(day=1)
                   - timedelta(days=1)))
    end = max(event_date, min(end, date.today()))  # this week's or month's events: the range ends today
    source = SourceRef(
        report_id=report.report_id, mention=line, published=event_date, outlet=row["source"].strip(),
        title=f"ACLED {external_id}", sentence=row["notes"].strip() or row["sub_event_type"],
        place=row["location"].strip(), location=row["location"].strip(),
        **_with_precision(located, ACLED_PRECISION.get(row["geo_precision"].strip())),
        event_date=event_date, date_start=start, date_end=end, date_precision=precision,
        killed=Casualties(unknown=_count(row, "fatalities")),
        attack_type=ACLED_SUB_EVENT.get(row["sub_event_type"].strip().lower(), "other"),
        perpetrator=actor_kind(row["actor1"]),
        notes=(f"ACLED: {row['actor1']} against {row['actor2'] or 'no named target'}; {row['sub_event_type']}. "
               "ACLED's fatalities are everyone killed, on either side."))
    return _imported("acled", external_id, source)


def _ucdp(row: dict, report: Report, line: int, located: dict) -> Incident:
    external_id = _identifier(row, "id")
    start, end = _day(row["date_start"]), _day(row["date_end"])
    if end < start:
        raise ValueError(f"date_end {end} is before date_start {start}")
    killed: dict[str, int | None] = {"civilians": _count(row, "deaths_civilians"),
                                     "unknown": _count(row, "deaths_unknown")}
    for side, deaths in ((row["side_a"], _count(row, "deaths_a")), (row["side_b"], _count(row, "deaths_b"))):
        group = victim_group(side)
        if actor_kind(side) != "isis" and group != "unknown" and deaths:
            killed[group] = (killed.get(group) or 0) + deaths  # militants' own dead are not victims
    perpetrator = next((actor_kind(s) for s in (row["side_b"], row["side_a"]) if actor_kind(s) == "isis"), "other")
    source = SourceRef(
        report_id=report.report_id, mention=line, published=end, outlet=row.get("source_office", "").strip(),
        title=row["source_headline"].strip()[:300] or f"UCDP GED {external_id}",
        sentence=row["source_article"].strip()[:1000] or row["where_coordinates"],
        place=row["where_coordinates"].strip(), location=row["where_coordinates"].strip(),
        **_with_precision(located, UCDP_PRECISION.get(row["where_prec"].strip())),
        event_date=start + (end - start) // 2, date_start=start, date_end=end,
        date_precision=_range_precision(start, end), killed=Casualties(**killed), attack_type="other",
        perpetrator=perpetrator,
        notes=f"UCDP GED: {row['side_a']} vs {row['side_b']}; deaths best {row['best']} (low {row['low']}, high "
              f"{row['high']}) count both sides; militants' own dead are left out here.")
    return _imported("ucdp", external_id, source)


@dataclass(frozen=True)
class Dataset:
    required: list[str]
    id_column: str
    point: Callable[[dict], tuple[float, float] | None]  # the row's point, checked, before it is located
    convert: Callable[[dict, Report, int, dict], Incident]  # a row, its file, its line, its located point


DATASETS = {"acled": Dataset(ACLED_REQUIRED, "event_id_cnty", _point, _acled),
            "ucdp": Dataset(UCDP_REQUIRED, "id", _ucdp_point, _ucdp)}


# -- export ----------------------------------------------------------------------------------------
_ACLED_EVENT = {  # our attack type -> ACLED event type and sub-event type
    "ied": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "suicide_attack": ("Explosions/Remote violence", "Suicide bomb"),
    "mortar_rocket": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "abduction": ("Violence against civilians", "Abduction/forced disappearance"),
}
_ACLED_ACTOR = {"isis": ("Islamic State (Iraq)", 2), "unknown": ("Unidentified Armed Group (Iraq)", 3),
                "other": ("Unidentified Armed Group (Iraq)", 3)}
_ACLED_TARGET = {"peshmerga": ("Military Forces of Iraq (Kurdistan Regional Government): Peshmerga", 1),
                 "iraqi_army": ("Military Forces of Iraq", 1), "police": ("Police Forces of Iraq", 1),
                 "pmf": ("Popular Mobilization Forces", 1), "civilians": ("Civilians (Iraq)", 7), "unknown": ("", 0)}
_ACLED_GEO = {"exact_place": 1, "sub_district": 2, "district": 3, "governorate": 3}
_ACLED_TIME_CODE = {"day": 1, "week": 2}


def acled_record(incident: Incident) -> dict:
    """One incident as an ACLED row (our own identifier unless it came from ACLED)."""
    groups = incident.killed.groups() | incident.wounded.groups()
    target = next((g for g in ("civilians", "peshmerga", "iraqi_army", "police", "pmf") if g in groups), "unknown")
    event_type, sub_event = _ACLED_EVENT.get(incident.attack_type, (
        ("Violence against civilians", "Attack") if target == "civilians" else ("Battles", "Armed clash")))
    actor1, inter1 = _ACLED_ACTOR[incident.perpetrator]
    actor2, inter2 = _ACLED_TARGET[target]
    return {
        "event_id_cnty": incident.external_id if incident.origin == "acled" else incident.incident_id,
        "event_date": incident.event_date.isoformat(), "year": incident.event_date.year,
        "time_precision": _ACLED_TIME_CODE.get(incident.date_precision, 3), "disorder_type": "Political violence",
        "event_type": event_type, "sub_event_type": sub_event, "actor1": actor1, "assoc_actor_1": "",
        "inter1": inter1, "actor2": actor2, "assoc_actor_2": "", "inter2": inter2 or "",
        "interaction": int(f"{min(inter1, inter2 or inter1)}{max(inter1, inter2)}") if inter2 else inter1 * 10,
        "civilian_targeting": "Civilian targeting" if target == "civilians" else "", "iso": 368,
        "region": "Middle East", "country": "Iraq", "admin1": incident.admin1 or "", "admin2": incident.admin2 or "",
        "admin3": "", "location": incident.location or incident.place, "latitude": incident.latitude,
        "longitude": incident.longitude, "geo_precision": _ACLED_GEO.get(incident.geo_precision or "", ""),
        "source": "; ".join(dict.fromkeys(s.outlet for s in incident.sources if s.outlet)), "source_scale": "",
        "notes": " ".join(dict.fromkeys(s.sentence for s in incident.sources)),
        "fatalities": incident.fatalities_best or 0, "tags": "",
        "timestamp": int(datetime.now(timezone.utc).timestamp()),
    }


def write_acled_csv(batches: Iterable[Iterable[Incident]], out: TextIO) -> int:
    """ACLED's column layout, a batch at a time; cells a spreadsheet would run as formulas are neutralised.
    Returns the number of incidents written."""
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS)
    writer.writeheader()
    written = 0
    for batch in batches:
        for incident in batch:
            writer.writerow({k: neutralise_formula(v) for k, v in acled_record(incident).items()})
            written += 1
    return written


def to_acled_csv(incidents: Iterable[Incident]) -> str:
    buffer = io.StringIO()
    write_acled_csv([incidents], buffer)
    return buffer.getvalue()
