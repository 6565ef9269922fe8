"""Figures the dashboard shows, computed on an incident table (no Streamlit here).

A table is one flat row per incident with the ACLED-like columns of IncidentStore.table (or of
incidents.export.incidents_frame): `event_date`, `sector`, `killed_total`, `wounded_total`,
`fatalities_best` and `killed_<group>`. Unknown counts (NaN) add nothing.
"""
from __future__ import annotations

from datetime import date

import pandas as pd

from incidents.model import VICTIM_GROUPS

OUTSIDE_SECTORS = "Outside sectors"


def headline_figures(table: pd.DataFrame) -> dict[str, int]:
    """Incidents, killed and wounded (best estimates), and killed per group."""
    figures = {"incidents": len(table), "killed": _sum(table["killed_total"]), "wounded": _sum(table["wounded_total"])}
    for group in VICTIM_GROUPS:
        figures[f"killed_{group}"] = _sum(table[f"killed_{group}"])
    return figures


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


def _light(table: pd.DataFrame) -> pd.DataFrame:
    """The columns the charts need, dates as dates and unknown counts as zero."""
    return pd.DataFrame({
        "incident_id": table["incident_id"], "event_date": pd.to_datetime(table["event_date"]),
        "sector": table["sector"].fillna(OUTSIDE_SECTORS),
        "fatalities": pd.to_numeric(table["fatalities_best"], errors="coerce").fillna(0).astype(int),
        "wounded": pd.to_numeric(table["wounded_total"], errors="coerce").fillna(0).astype(int)})


def sector_figures(table: pd.DataFrame) -> dict[str, dict[str, int]]:
    """Attacks, fatalities and wounded per frontline sector, for shading and tooltips."""
    frame = _light(table)
    frame = frame[frame["sector"] != OUTSIDE_SECTORS]
    grouped = frame.groupby("sector").agg(attacks=("incident_id", "count"), fatalities=("fatalities", "sum"),
                                          wounded=("wounded", "sum"))
    return {sector: {k: int(v) for k, v in row.items()} for sector, row in grouped.iterrows()}


def weekly_by_sector(table: pd.DataFrame) -> pd.DataFrame:
    """Attacks and fatalities per sector per week (weeks start on Monday), zero-filled across the span."""
    frame = _light(table)
    if frame.empty:
        return pd.DataFrame(columns=["week", "sector", "attacks", "fatalities"])
    frame["week"] = frame["event_date"].dt.to_period("W-SUN").dt.start_time
    weekly = frame.groupby(["week", "sector"]).agg(attacks=("incident_id", "count"),
                                                   fatalities=("fatalities", "sum")).reset_index()
    weeks = pd.date_range(weekly["week"].min(), weekly["week"].max(), freq="W-MON")
    full = pd.MultiIndex.from_product([weeks, sorted(weekly["sector"].unique())], names=["week", "sector"])
    return weekly.set_index(["week", "sector"]).reindex(full, fill_value=0).reset_index()


def sector_month_table(table: pd.DataFrame, value: str = "attacks") -> pd.DataFrame:
    """Sectors by month: attacks (count) or fatalities (sum), with totals."""
    frame = _light(table)
    if frame.empty:
        return pd.DataFrame()
    frame["month"] = frame["event_date"].dt.strftime("%Y-%m")
    result = frame.pivot_table(index="sector", columns="month",
                               values="incident_id" if value == "attacks" else "fatalities",
                               aggfunc="count" if value == "attacks" else "sum", fill_value=0, margins=True,
                               margins_name="Total")
    return result.astype(int)
