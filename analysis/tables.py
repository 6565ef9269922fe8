"""Figures the dashboard shows, computed on an incident table (no Streamlit here).

A table is one flat row per incident with the ACLED-like columns of IncidentStore.table (or of
exchange.export.incidents_frame): `event_date`, `sector`, `killed_total`, `wounded_total`,
`fatalities_best` and `killed_<group>`. Unknown counts (NaN) add nothing.
"""
from __future__ import annotations

from datetime import date

import pandas as pd

from analysis.labels import (DAYS_BETWEEN, GROUP_LABELS, NOT_GIVEN, PERPETRATOR_LABELS, PRECISION_LABELS,
                              TYPE_LABELS, label, place_label)
from geo.gazetteer import get_gazetteer
from geo.normalize import name_key
from incidents.confidence import COUNTED_FROM
from incidents.model import VICTIM_GROUPS
from store.query import OUTLET_SEPARATOR, in_study_area

OUTSIDE_SECTORS = "No sector"  # outside the sectors, known only to a governorate, or not placed


def counted(table: pd.DataFrame, count_awaiting: bool = False) -> pd.DataFrame:
    """The rows the figures count: those not awaiting review (incidents.confidence.awaiting_review), or every
    row when the analyst counts them too. IncidentFilter.where(counted=True) says the same in SQL."""
    return table if count_awaiting else table[~table["awaiting_review"]]


def headline_figures(table: pd.DataFrame, count_awaiting: bool = False) -> dict[str, int | bool]:
    """The headline of a filtered table, the same for the dashboard and `frontline stats`: incidents, killed and
    wounded (best estimates) and killed per group, over the counted rows (`counted`); how many incidents await
    review, with their killed and wounded, and whether they are counted; and what the Killed figure rests on:
    killed in attacks told by one report only, and in attacks whose confidence is below COUNTED_FROM (counted
    because an analyst accepted them, or with the awaiting ones)."""
    rows = counted(table, count_awaiting)
    figures: dict[str, int | bool] = {"incidents": len(rows), "killed": _sum(rows["killed_total"]),
                                      "wounded": _sum(rows["wounded_total"])}
    for group in VICTIM_GROUPS:
        figures[f"killed_{group}"] = _sum(rows[f"killed_{group}"])
    awaiting = table[table["awaiting_review"]]
    figures.update({"awaiting_review": len(awaiting), "awaiting_review_killed": _sum(awaiting["killed_total"]),
                    "awaiting_review_wounded": _sum(awaiting["wounded_total"]),
                    "awaiting_review_counted": count_awaiting,
                    "killed_one_report": _sum(rows["killed_total"][rows["source_count"].fillna(0) <= 1]),
                    "killed_low_confidence": _sum(rows["killed_total"][rows["confidence"] < COUNTED_FROM])})
    return figures


def awaiting_delta(figures: dict, key: str) -> str | None:
    """What the attacks awaiting review add to a headline figure ("incidents", "killed", "wounded"), said beside
    it in words short enough for a phone's tile: "+3 in review" when left out, "incl. 3 in review" when counted;
    None when they add nothing to it."""
    extra = figures["awaiting_review" if key == "incidents" else f"awaiting_review_{key}"]
    if not extra:
        return None
    return f"incl. {extra:,} in review" if figures["awaiting_review_counted"] else f"+{extra:,} in review"


def resting_on(figures: dict) -> str:
    """What the Killed figure rests on, in one line: the killed an analyst should check before quoting it."""
    said = (f"Of the {figures['killed']:,} killed, {figures['killed_one_report']:,} are in attacks told by one "
            f"report only and {figures['killed_low_confidence']:,} in attacks with confidence below {COUNTED_FROM:g}")
    if figures["awaiting_review"]:
        said += (f"; {figures['awaiting_review']:,} attack(s) awaiting review ({figures['awaiting_review_killed']:,} "
                 "killed) are " + ("counted" if figures["awaiting_review_counted"] else "not counted"))
    return said + "."


def _sum(column: pd.Series) -> int:
    return int(pd.to_numeric(column, errors="coerce").fillna(0).sum())


def date_span(table: pd.DataFrame) -> tuple[date, date] | None:
    if table.empty:
        return None
    dates = pd.to_datetime(table["event_date"])
    return dates.min().date(), dates.max().date()


def main_victim_group(table: pd.DataFrame) -> pd.Series:
    """Per incident, the group with most casualties (killed first, then wounded), 'unknown' when none:
    the colour of its marker."""
    weight = pd.DataFrame({g: table[f"killed_{g}"].fillna(0) * 1000 + table[f"wounded_{g}"].fillna(0)
                           for g in VICTIM_GROUPS}, index=table.index)
    group = weight.idxmax(axis=1) if len(weight) else pd.Series(dtype=str)
    return group.where(weight.max(axis=1) > 0, "unknown")


def sector_figures(table: pd.DataFrame) -> dict[str, dict[str, int]]:
    """Attacks, fatalities and wounded per frontline sector, for shading and tooltips."""
    inside = table[table["sector"].notna()]  # store.figures.sector_toll_of, over the database's overview
    frame = pd.DataFrame({"sector": inside["sector"], "attacks": 1,
                          "fatalities": pd.to_numeric(inside["fatalities_best"], errors="coerce").fillna(0),
                          "wounded": pd.to_numeric(inside["wounded_total"], errors="coerce").fillna(0)})
    grouped = frame.groupby("sector").sum()
    return {sector: {k: int(row[k]) for k in ("attacks", "fatalities", "wounded")}
            for sector, row in grouped.iterrows()}


def victims_text(table: pd.DataFrame) -> pd.Series:
    """Per incident, who was hit in plain words: "Peshmerga 4 killed, 2 wounded; Civilians 3 killed"."""
    parts = pd.Series("", index=table.index)
    for group in VICTIM_GROUPS:
        killed, wounded = table[f"killed_{group}"].fillna(0), table[f"wounded_{group}"].fillna(0)
        hit = (killed > 0) | (wounded > 0)
        if not hit.any():
            continue
        counts = [f"{k} killed, {w} wounded" if k and w else f"{k} killed" if k else f"{w} wounded"
                  for k, w in zip(killed.astype(int), wounded.astype(int))]
        words = (GROUP_LABELS[group] + " " + pd.Series(counts, index=table.index)).where(hit, "")
        parts = parts.where(~hit, parts.where(parts == "", parts + "; ") + words)
    return parts.replace("", NOT_GIVEN)


def counts_text(counts: pd.Series) -> pd.Series:
    """Counts as the analyst reads them: the number, or a dash where the reports give none (not "None",
    and not 0, which would say nobody was hurt)."""
    return counts.map(lambda n: NOT_GIVEN if pd.isna(n) else str(int(n)))


def distinct_outlets(sources: pd.Series) -> pd.Series:
    """The outlets of each incident once each ("ESTA; ESTA" is one outlet)."""
    return sources.fillna("").map(lambda text: "; ".join(dict.fromkeys(o for o in text.split(OUTLET_SEPARATOR) if o))
                                  or NOT_GIVEN)


def dates_text(table: pd.DataFrame) -> pd.Series:
    """labels.days_label for every row, vectorised (20,000 rows one by one took 0.3 s of a page's run); a row
    without the days it lies within shows its event date."""
    start, end = table["date_start"].dt.strftime("%Y-%m-%d"), table["date_end"].dt.strftime("%Y-%m-%d")
    day = table["event_date"].dt.strftime("%Y-%m-%d")
    return day.where(start.isna() | end.isna() | (start == end), start + DAYS_BETWEEN + end)


def incident_rows(table: pd.DataFrame, map_link: str = "?") -> pd.DataFrame:
    """The incidents as the analyst reads them, most useful first: date, place, governorate, toll, who was
    hit, by whom, how, how precisely placed, the outlets, confidence and why to review, and a link to the
    attack on the map (`map_link` + "incident=ID")."""
    return pd.DataFrame({
        "date": dates_text(table),
        "place": places_text(table),
        "governorate": table["admin1"].map(lambda v: label({}, v)),
        "sector": table["sector"].map(lambda v: label({}, v)),
        "killed": counts_text(table["killed_total"]), "wounded": counts_text(table["wounded_total"]),
        "victims": victims_text(table),
        "perpetrator": table["perpetrator"].map(lambda v: label(PERPETRATOR_LABELS, v)),
        "type": table["attack_type"].map(lambda v: label(TYPE_LABELS, v)),
        "precision": table["geo_precision"].map(lambda v: label(PRECISION_LABELS, v)),
        "sources": distinct_outlets(table["source"]).where(
            table["source"].fillna("").str.strip("; ") != "",
            table["source_count"].fillna(0).astype(int).map(lambda n: f"{n} report(s), outlet not named")),
        "area": in_study_area(table).map({True: "disputed territories", False: "outside"}),
        "confidence": pd.to_numeric(table["confidence"], errors="coerce").round(2),
        "review": table["review_reason"].fillna(""),
        "map": map_link + "incident=" + table["incident_id"],
    }, index=table.index)


def search(table: pd.DataFrame, text: str, incidents=(), spellings=None) -> pd.Series:
    """Which rows match every word of `text` in their place (as written or in the gazetteer), governorate,
    district or outlets, or in the quoted sentences of `incidents` (those drawn on the map), accents and
    case aside: "tuz" finds Ṭūz Khūrmātū. A word naming a place finds it by any spelling the gazetteer knows
    (`spellings`, word -> name keys; Gazetteer.spellings by default): "Kolajo" finds Kulajo."""
    words = [w for w in place_label(text).lower().split() if w] if text.strip() else []
    if not words:
        return pd.Series(True, index=table.index)
    spellings = spellings or get_gazetteer().spellings
    sentences = {i.incident_id: " ".join(s.sentence for s in i.sources) for i in incidents}
    haystack = (table["place"].fillna("") + " " + table["location"].fillna("") + " " + table["admin1"].fillna("")
                + " " + table["admin2"].fillna("") + " " + table["source"].fillna("") + " "
                + table["incident_id"].map(lambda i: sentences.get(i, ""))).map(place_label).str.lower()
    named = table[["place", "location", "admin2"]]
    keys = {n: name_key(n) for n in pd.unique(named.to_numpy().ravel()) if isinstance(n, str)}  # each name once
    hit = pd.Series(True, index=table.index)
    for word in words:
        found = haystack.str.contains(word, regex=False)
        known = spellings(word)
        if known:
            found |= named.isin([n for n, k in keys.items() if any(s in k for s in known)]).any(axis=1)
        hit &= found
    return hit


def places_text(table: pd.DataFrame) -> pd.Series:
    """Per incident, its place as the analyst reads it; one known only to its governorate says so ("Kirkuk
    (governorate)"), not to be read as the city of that name."""
    names = table["location"].fillna(table["place"]).map(place_label)
    return names.where(table["geo_precision"] != "governorate", names + " (governorate)")


def event_list(table: pd.DataFrame, drawn: set[str] | None = None, limit: int = 500) -> pd.DataFrame:
    """The attacks beside the map, latest first: those drawn one by one when the map draws markers
    (`drawn`), else the latest `limit` of the table. Date, place, toll, victims and perpetrator."""
    rows = table[table["incident_id"].isin(drawn)] if drawn is not None else table
    latest = rows["event_date"].nlargest(limit)
    if len(latest) == limit:  # only the latest days are sorted: sorting all 100,000 took 0.2 s of each rerun
        rows = rows[rows["event_date"] >= latest.iloc[-1]]
    rows = rows.sort_values(["event_date", "incident_id"], ascending=False).head(limit)
    return pd.DataFrame({
        "date": dates_text(rows),
        "place": places_text(rows),
        "killed": counts_text(rows["killed_total"]), "wounded": counts_text(rows["wounded_total"]),
        "victims": victims_text(rows),
        "perpetrator": rows["perpetrator"].map(lambda v: label(PERPETRATOR_LABELS, v)),
        "incident_id": rows["incident_id"], "latitude": rows["latitude"], "longitude": rows["longitude"],
    }).reset_index(drop=True)


def rows_at(listed: pd.DataFrame, point: dict | None) -> pd.Index:
    """The rows of an event list at a clicked map point ({"lat": .., "lng": ..}): the attacks of the marker
    the analyst clicked, to highlight beside the map."""
    if not point or point.get("lat") is None:
        return listed.index[:0]
    near = ((listed["latitude"] - point["lat"]).abs() < 1e-5) & ((listed["longitude"] - point["lng"]).abs() < 1e-5)
    return listed.index[near]
