"""Figures the dashboard shows, computed from a list of incidents (no Streamlit here)."""
from __future__ import annotations

from datetime import date
from typing import Iterable

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
