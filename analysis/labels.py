"""Plain words for the codes stored with an incident, so no page or popup shows "exact_place", "isis"
or "None": one place for every label the analyst reads."""
from __future__ import annotations

import math
import re
from datetime import date
from functools import lru_cache

from geo.normalize import plain_name

GROUP_LABELS = {"peshmerga": "Peshmerga", "iraqi_army": "Iraqi army", "police": "Police", "pmf": "PMF",
                "civilians": "Civilians", "unknown": "Unknown / not stated"}
TYPE_LABELS = {"armed_attack": "Armed attack", "ied": "IED", "suicide_attack": "Suicide attack", "sniper": "Sniper",
               "mortar_rocket": "Mortar / rocket", "ambush": "Ambush", "clash": "Clash", "abduction": "Abduction",
               "other": "Other"}
PERPETRATOR_LABELS = {"isis": "ISIS", "unknown": "Unknown", "other": "Other"}
PRECISION_LABELS = {"exact_place": "Exact place", "sub_district": "Sub-district", "district": "District",
                    "governorate": "Governorate"}
DATASET_LABELS = {"reports": "News reports", "acled": "ACLED (imported)", "ucdp": "UCDP GED (imported)"}
STATUS_LABELS = {"extracted": "Extracted (not reviewed)", "reviewed": "Reviewed", "rejected": "Rejected",
                 "merged": "Merged"}
DATE_PRECISION_LABELS = {"day": "day", "week": "within a week", "month": "within a month", "range": "date range"}
NOT_GIVEN = "–"
# Plain headers for the columns of the tables the pages show as stored.
COLUMN_LABELS = {"unresolved_place": "Place name", "located_at": "Placed at", "example_incident": "Example incident",
                 "incidents": "Incidents", "not_on_map": "Not on the map",
                 "fetched_at": "Fetched", "incidents_new": "New incidents", "incident_id": "Incident",
                 "report_id": "Report", "ingested_at": "Ingested", "event_date": "Date"}


def column_labels(columns) -> dict[str, str]:
    """st.dataframe's column_config giving each stored column name in `columns` its plain header."""
    return {c: COLUMN_LABELS[c] for c in columns if c in COLUMN_LABELS}


def count_label(count) -> str:
    """A count as a table shows it: the number, or a dash when it is not known."""
    if count is None or (isinstance(count, float) and math.isnan(count)):
        return NOT_GIVEN
    return str(int(count))


def label(mapping: dict[str, str], code) -> str:
    """The plain label of `code`; a dash for a missing one, the code itself (underscores as spaces) for one
    the mapping lacks."""
    if code is None or (isinstance(code, float) and math.isnan(code)) or code == "":
        return NOT_GIVEN
    return mapping.get(code, str(code).replace("_", " "))


SEAT = re.compile(r"marked at its seat, .+? \(((?:geonames|osm|fw):[^)]+)\)")  # as tools/build_data.py notes it


@lru_cache(maxsize=1)
def _shown_names() -> dict[str, str]:
    """Place names -> the name they are shown by, so one place reads the same everywhere: a district or
    sub-district marked at its seat town is shown by the town's name (the district "Tooz Khurmato" and
    "Markaz Daquq" read "Tuz Khurmatu" and "Daquq", as the map labels them), and a name stored with earlier
    incidents by the name its entry has now ("Mexmur" is "Makhmour")."""
    from geo.gazetteer import gazetteer_rows  # reads the data files: only when a label is first asked for

    rows = gazetteer_rows()
    by_id = {row["place_id"]: row for row in rows}
    names = {row["derived_name"]: row["name"] for row in rows if row["derived_name"] != row["name"]}
    for row in rows:
        found = SEAT.search(row["source"]) if row["kind"] in ("district", "sub_district") else None
        if found and found.group(1) in by_id:
            names[row["name"]] = names[row["derived_name"]] = by_id[found.group(1)]["name"]
    return names


DAYS_BETWEEN = " – "  # "2021-11-29 – 2021-12-03": the days a date known to a week lies within


def days_label(start: date, end: date) -> str:
    """An attack's date as precisely as it is known: one day, or the days it lies within ("2021-11-29 – 2021-12-03"
    for "last week"), so a date known to a week never reads as an exact day (analysis.dates_text, for a table)."""
    return str(start) if start == end else f"{start}{DAYS_BETWEEN}{end}"


def place_label(name: str | None) -> str:
    """A place name as English text writes it and as the map labels it: "Ṭūz Khūrmātū" (as stored before
    names were made plain) and the district "Tooz Khurmato" are both shown as "Tuz Khurmatu"."""
    if not name:
        return NOT_GIVEN
    plain = plain_name(name)
    return _shown_names().get(name) or _shown_names().get(plain, plain)


MAX_STEM = 120  # characters of a download's file name, before its suffix


def export_stem(flt) -> str:
    """A download's file name (without suffix) that says the view it holds: its dates, then what else the filter
    (a store.query.IncidentFilter) keeps: "frontline_2021-12-01_to_2021-12-07_Garmian-Kifri-Kalar_study-area"."""
    parts = [f"{flt.date_from or 'first'}_to_{flt.date_to or 'last'}", *flt.sectors, *flt.admin1,
             *flt.victim_groups, *flt.attack_types, *flt.perpetrators, *flt.outlets]
    if flt.min_fatalities:
        parts.append(f"{flt.min_fatalities}-or-more-killed")
    if flt.area:
        parts.append({"study": "study-area", "outside": "outside-study-area"}[flt.area])
    if flt.count_awaiting:
        parts.append("with-awaiting-review")
    words = [re.sub(r"[^A-Za-z0-9_]+", "-", plain_name(str(part))).strip("-") for part in parts]
    return "_".join(["frontline", *filter(None, words)])[:MAX_STEM].rstrip("-_")
