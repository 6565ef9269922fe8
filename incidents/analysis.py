"""Figures the dashboard shows, computed from a list of incidents (no Streamlit here)."""
from __future__ import annotations

from datetime import date
from typing import Iterable

import pandas as pd

from incidents.model import VICTIM_GROUPS, Incident


def headline_figures(incidents: Iterable[Incident]) -> dict[str, int]:
    """Incidents, killed and wounded (best estimates; unknown counts add nothing), and killed per group."""
    incidents = list(incidents)
    figures = {
        "incidents": len(incidents),
        "killed": sum(i.killed_total or 0 for i in incidents),
        "wounded": sum(i.wounded_total or 0 for i in incidents),
    }
    for group in VICTIM_GROUPS:
        figures[f"killed_{group}"] = sum(getattr(i.killed, group) or 0 for i in incidents)
    return figures


def date_span(incidents: Iterable[Incident]) -> tuple[date, date] | None:
    dates = [i.event_date for i in incidents]
    return (min(dates), max(dates)) if dates else None


def main_victim_group(incident: Incident) -> str:
    """The group with most casualties (killed first), for colouring a marker."""
    best, best_count = "unknown", 0
    for group in VICTIM_GROUPS:
        count = (getattr(incident.killed, group) or 0) * 1000 + (getattr(incident.wounded, group) or 0)
        if count > best_count:
            best, best_count = group, count
    return best


def incidents_frame_light(incidents: Iterable[Incident]) -> pd.DataFrame:
    """One row per incident with the columns the figures need."""
    rows = [{"incident_id": i.incident_id, "event_date": pd.Timestamp(i.event_date),
             "sector": i.sector or "Outside sectors",
             "admin1": i.admin1, "attack_type": i.attack_type, "fatalities": i.fatalities_best or 0,
             "wounded": i.wounded_total or 0} for i in incidents]
    return pd.DataFrame(rows, columns=["incident_id", "event_date", "sector", "admin1", "attack_type", "fatalities",
                                       "wounded"])


def sector_figures(incidents: Iterable[Incident]) -> dict[str, dict[str, int]]:
    """Attacks, fatalities and wounded per frontline sector, for shading and tooltips."""
    out: dict[str, dict[str, int]] = {}
    for incident in incidents:
        if not incident.sector:
            continue
        figures = out.setdefault(incident.sector, {"attacks": 0, "fatalities": 0, "wounded": 0})
        figures["attacks"] += 1
        figures["fatalities"] += incident.fatalities_best or 0
        figures["wounded"] += incident.wounded_total or 0
    return out


def weekly_by_sector(incidents: Iterable[Incident]) -> pd.DataFrame:
    """Attacks and fatalities per sector per week (weeks start on Monday), zero-filled across the span."""
    frame = incidents_frame_light(incidents)
    if frame.empty:
        return pd.DataFrame(columns=["week", "sector", "attacks", "fatalities"])
    frame["week"] = frame["event_date"].dt.to_period("W-SUN").dt.start_time
    weekly = frame.groupby(["week", "sector"]).agg(attacks=("incident_id", "count"),
                                                   fatalities=("fatalities", "sum")).reset_index()
    weeks = pd.date_range(weekly["week"].min(), weekly["week"].max(), freq="W-MON")
    full = pd.MultiIndex.from_product([weeks, sorted(weekly["sector"].unique())], names=["week", "sector"])
    return weekly.set_index(["week", "sector"]).reindex(full, fill_value=0).reset_index()


def sector_month_table(incidents: Iterable[Incident], value: str = "attacks") -> pd.DataFrame:
    """Sectors by month: attacks (count) or fatalities (sum), with totals."""
    frame = incidents_frame_light(incidents)
    if frame.empty:
        return pd.DataFrame()
    frame["month"] = frame["event_date"].dt.strftime("%Y-%m")
    table = frame.pivot_table(index="sector", columns="month",
                              values="incident_id" if value == "attacks" else "fatalities",
                              aggfunc="count" if value == "attacks" else "sum", fill_value=0, margins=True,
                              margins_name="Total")
    return table.astype(int)
