"""Trends over time on an incident table (no Streamlit here): attacks and fatalities per sector per
period, the bin chosen from the window's length so ten years are not 500 slivers, every sector shown
(a quiet sector is news too), empty periods filled with zero, and casualties per victim group."""
from __future__ import annotations

from datetime import date

import pandas as pd

from analysis.tables import OUTSIDE_SECTORS
from analysis.labels import GROUP_LABELS
from incidents.model import EARLIEST_DATE, VICTIM_GROUPS, latest_date

# Pandas period frequency and how a period is written on an axis, per bin.
BINS = {"week": ("W-SUN", "%Y-%m-%d"), "month": ("M", "%Y-%m"), "quarter": ("Q", None)}


def trend_window(span: tuple[date, date], date_from: date | None = None,
                 date_to: date | None = None) -> tuple[date, date, str]:
    """The days Trends draws: the filter's window, else the counted attacks' span, kept to the days an event can
    have (EARLIEST_DATE to latest_date(), at most about 150 quarters), and a note saying what was cut off: a row
    dated 9999-12-31 (stored before the model's checks) must not draw 32,000 empty quarters."""
    wanted = (date_from or span[0], date_to or span[1])
    start, end = (min(max(day, EARLIEST_DATE), latest_date()) for day in wanted)
    end = max(start, end)
    cut = [str(day) for day in dict.fromkeys(wanted) if day not in (start, end)]
    return start, end, (f"Drawn from {start} to {end}: what is dated {' or '.join(cut)}, a day no event can have, "
                        "is left out of these charts." if cut else "")


def trend_bin(days: int) -> str:
    """Weeks for a window up to four months, months up to three years, quarters beyond."""
    return "week" if days <= 120 else "month" if days <= 3 * 366 else "quarter"


def _periods(dates: pd.Series, bin_: str) -> pd.Series:
    return dates.dt.to_period(BINS[bin_][0])


def period_label(periods: pd.Index | pd.Series, bin_: str) -> list[str]:
    """"2021-11-29" (the Monday of a week), "2021-11", "2021Q4": sortable, with the year, never "Mon 29"."""
    fmt = BINS[bin_][1]
    return [str(p) if fmt is None else p.start_time.strftime(fmt) for p in periods]


def _span(periods: pd.Series, bin_: str, start=None, end=None) -> pd.PeriodIndex:
    freq = BINS[bin_][0]
    first = pd.Timestamp(start).to_period(freq) if start is not None else periods.min()
    last = pd.Timestamp(end).to_period(freq) if end is not None else periods.max()
    return pd.period_range(first, last, freq=freq)


def period_totals(table: pd.DataFrame, bin_: str) -> pd.DataFrame:
    """Per period (its first day, `period_start`) and sector (None outside the sectors): attacks, fatalities, and
    killed and wounded per victim group; store.figures.period_totals computes the same in the database."""
    columns = ["period_start", "sector", "attacks", "fatalities",
               *(f"{kind}_{g}" for kind in ("killed", "wounded") for g in VICTIM_GROUPS)]
    if table.empty:
        return pd.DataFrame(columns=columns)
    counts = [f"{kind}_{g}" for kind in ("killed", "wounded") for g in VICTIM_GROUPS]
    frame = pd.DataFrame({"period_start": _periods(pd.to_datetime(table["event_date"]), bin_).dt.start_time,
                          "sector": table["sector"].fillna(OUTSIDE_SECTORS), "attacks": 1,
                          "fatalities": pd.to_numeric(table["fatalities_best"], errors="coerce").fillna(0),
                          **{c: table[c].fillna(0) for c in counts}})
    out = frame.groupby(["period_start", "sector"], as_index=False).sum()
    out["sector"] = out["sector"].replace(OUTSIDE_SECTORS, None)
    return out[columns]


def _with_periods(totals: pd.DataFrame, bin_: str) -> pd.DataFrame:
    return totals.assign(period=pd.to_datetime(totals["period_start"]).dt.to_period(BINS[bin_][0]),
                         sector=totals["sector"].fillna(OUTSIDE_SECTORS))


def by_period_and_sector(table: pd.DataFrame, bin_: str, sectors: list[str], start=None, end=None) -> pd.DataFrame:
    """Attacks and fatalities per period and sector of an incident table (sector_series)."""
    return sector_series(period_totals(table, bin_), bin_, sectors, start, end)


def sector_series(totals: pd.DataFrame, bin_: str, sectors: list[str], start=None, end=None) -> pd.DataFrame:
    """Attacks and fatalities per period and sector from `totals` (period_totals, or the database's): every sector
    in `sectors` (and "No sector" when an attack has none: outside the sectors, known only to a governorate, or not
    placed), every period from `start` (or the first attack) to `end`, zero where nothing happened."""
    columns = ["period", "sector", "attacks", "fatalities"]
    if totals.empty:
        return pd.DataFrame(columns=columns)
    frame = _with_periods(totals, bin_)
    summed = frame.groupby(["period", "sector"])[["attacks", "fatalities"]].sum()
    names = list(sectors) + ([OUTSIDE_SECTORS] if (frame["sector"] == OUTSIDE_SECTORS).any() else [])
    full = pd.MultiIndex.from_product([_span(frame["period"], bin_, start, end), names], names=["period", "sector"])
    out = summed.reindex(full, fill_value=0).reset_index()
    out["period"] = period_label(out["period"], bin_)
    out[["attacks", "fatalities"]] = out[["attacks", "fatalities"]].astype(int)
    return out[columns]


def sector_period_table(table: pd.DataFrame, bin_: str, sectors: list[str], value: str = "attacks",
                        start=None, end=None) -> pd.DataFrame:
    """Sectors by period of an incident table (sector_period_wide)."""
    return sector_period_wide(period_totals(table, bin_), bin_, sectors, value, start, end)


def sector_period_wide(totals: pd.DataFrame, bin_: str, sectors: list[str], value: str = "attacks",
                       start=None, end=None) -> pd.DataFrame:
    """Sectors by period (every period, empty ones too), attacks or fatalities, with totals."""
    long = sector_series(totals, bin_, sectors, start, end)
    if long.empty:
        return pd.DataFrame()
    wide = long.pivot_table(index="sector", columns="period", values=value, aggfunc="sum", sort=False)
    wide = wide.reindex(columns=sorted(wide.columns))
    wide["Total"] = wide.sum(axis=1)
    wide.loc["Total"] = wide.sum(axis=0)
    return wide.astype(int)


def casualties_by_group(table: pd.DataFrame, bin_: str, start=None, end=None) -> pd.DataFrame:
    """Killed and wounded per period and victim group of an incident table (group_series)."""
    return group_series(period_totals(table, bin_), bin_, start, end)


def group_series(totals: pd.DataFrame, bin_: str, start=None, end=None) -> pd.DataFrame:
    """Killed and wounded per period and victim group (the unknown group too) from `totals`, zero-filled."""
    columns = ["period", "victims", "killed", "wounded"]
    if totals.empty:
        return pd.DataFrame(columns=columns)
    frame = _with_periods(totals, bin_)
    by_period = frame.groupby("period")[[f"{kind}_{g}" for kind in ("killed", "wounded") for g in VICTIM_GROUPS]].sum()
    summed = pd.concat([pd.DataFrame({"victims": GROUP_LABELS[g], "killed": by_period[f"killed_{g}"],
                                      "wounded": by_period[f"wounded_{g}"]}) for g in VICTIM_GROUPS])
    summed = summed.set_index("victims", append=True)
    span = _span(frame["period"], bin_, start, end)
    full = pd.MultiIndex.from_product([span, [GROUP_LABELS[g] for g in VICTIM_GROUPS]], names=["period", "victims"])
    out = summed.reindex(full, fill_value=0).reset_index()
    out["period"] = period_label(out["period"], bin_)
    out[["killed", "wounded"]] = out[["killed", "wounded"]].astype(int)
    return out[columns]
