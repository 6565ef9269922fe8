"""Trends over time on an incident table (no Streamlit here): attacks and fatalities per sector per
period, the bin chosen from the window's length so ten years are not 500 slivers, every sector shown
(a quiet sector is news too), empty periods filled with zero, and casualties per victim group."""
from __future__ import annotations

import pandas as pd

from analysis.tables import OUTSIDE_SECTORS, light_table
from analysis.labels import GROUP_LABELS
from incidents.model import VICTIM_GROUPS

# Pandas period frequency and how a period is written on an axis, per bin.
BINS = {"week": ("W-SUN", "%Y-%m-%d"), "month": ("M", "%Y-%m"), "quarter": ("Q", None)}


def trend_bin(days: int) -> str:
    """Weeks for a window up to four months, months up to three years, quarters beyond."""
    return "week" if days <= 120 else "month" if days <= 3 * 366 else "quarter"


def _periods(dates: pd.Series, bin_: str) -> pd.Series:
    return dates.dt.to_period(BINS[bin_][0])


def period_label(periods: pd.Index | pd.Series, bin_: str) -> list[str]:
    """"2021-11-29" (the Monday of a week), "2021-11", "2021Q4": sortable, with the year, never "Mon 29"."""
    fmt = BINS[bin_][1]
    return [str(p) if fmt is None else p.start_time.strftime(fmt) for p in periods]


def _span(frame: pd.DataFrame, bin_: str, start=None, end=None) -> pd.PeriodIndex:
    first = pd.Timestamp(start) if start is not None else frame["event_date"].min()
    last = pd.Timestamp(end) if end is not None else frame["event_date"].max()
    return pd.period_range(first.to_period(BINS[bin_][0]), last.to_period(BINS[bin_][0]), freq=BINS[bin_][0])


def by_period_and_sector(table: pd.DataFrame, bin_: str, sectors: list[str], start=None, end=None) -> pd.DataFrame:
    """Attacks and fatalities per period and sector: every sector in `sectors` (and "No sector" when
    an attack has none: outside the sectors, known only to a governorate, or not placed), every period from
    `start` (or the first attack) to `end`, zero where nothing happened."""
    frame = light_table(table)
    columns = ["period", "sector", "attacks", "fatalities"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    frame["period"] = _periods(frame["event_date"], bin_)
    counted = frame.groupby(["period", "sector"]).agg(attacks=("incident_id", "count"),
                                                      fatalities=("fatalities", "sum"))
    names = list(sectors) + ([OUTSIDE_SECTORS] if (frame["sector"] == OUTSIDE_SECTORS).any() else [])
    full = pd.MultiIndex.from_product([_span(frame, bin_, start, end), names], names=["period", "sector"])
    out = counted.reindex(full, fill_value=0).reset_index()
    out["period"] = period_label(out["period"], bin_)
    return out[columns]


def sector_period_table(table: pd.DataFrame, bin_: str, sectors: list[str], value: str = "attacks",
                        start=None, end=None) -> pd.DataFrame:
    """Sectors by period (every period, empty ones too), attacks or fatalities, with totals."""
    long = by_period_and_sector(table, bin_, sectors, start, end)
    if long.empty:
        return pd.DataFrame()
    wide = long.pivot_table(index="sector", columns="period", values=value, aggfunc="sum", sort=False)
    wide = wide.reindex(columns=sorted(wide.columns))
    wide["Total"] = wide.sum(axis=1)
    wide.loc["Total"] = wide.sum(axis=0)
    return wide.astype(int)


def casualties_by_group(table: pd.DataFrame, bin_: str, start=None, end=None) -> pd.DataFrame:
    """Killed and wounded per period and victim group (the unknown group too), zero-filled."""
    columns = ["period", "victims", "killed", "wounded"]
    if table.empty:
        return pd.DataFrame(columns=columns)
    dates = pd.to_datetime(table["event_date"])
    frames = [pd.DataFrame({"period": _periods(dates, bin_), "victims": GROUP_LABELS[g],
                            "killed": table[f"killed_{g}"].fillna(0), "wounded": table[f"wounded_{g}"].fillna(0)})
              for g in VICTIM_GROUPS]
    summed = pd.concat(frames).groupby(["period", "victims"], sort=False)[["killed", "wounded"]].sum()
    span = _span(pd.DataFrame({"event_date": dates}), bin_, start, end)
    full = pd.MultiIndex.from_product([span, [GROUP_LABELS[g] for g in VICTIM_GROUPS]], names=["period", "victims"])
    out = summed.reindex(full, fill_value=0).reset_index()
    out["period"] = period_label(out["period"], bin_)
    out[["killed", "wounded"]] = out[["killed", "wounded"]].astype(int)
    return out[columns]
