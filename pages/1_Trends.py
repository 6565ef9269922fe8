"""Trends: attacks and fatalities per sector over time, binned by week, month or quarter as the window
allows, a sector × period table, and casualties by victim group, for the current filter."""
from __future__ import annotations

import altair as alt
import streamlit as st

from geo import get_boundaries
from incidents.analysis import date_span
from incidents.labels import GROUP_LABELS
from incidents.trends import by_period_and_sector, casualties_by_group, sector_period_table, trend_bin
from ui.app import filtered_table, get_store, sidebar_filter
from ui.symbols import GROUP_COLOURS

st.set_page_config(page_title="Trends · Frontline Watch", layout="wide")
store = get_store()
flt = sidebar_filter(store)
table = filtered_table(store, flt)
st.title("Trends")
span = date_span(table)
if span is None:
    st.info("No incidents in this filter.")
    st.stop()
start, end = flt.date_from or span[0], flt.date_to or span[1]
bin_ = trend_bin((end - start).days + 1)
sectors = list(flt.sectors) or list(get_boundaries().sectors["name"])
series = by_period_and_sector(table, bin_, sectors, start, end)
st.caption(f"Per {bin_} from {start} to {end} (the bin follows the window's length); every sector shown.")


def bars(frame, y: str, colour: str, title: str, scale: alt.Scale | None = None):
    """Stacked bars per period, the legend on the right listing every series (a legend under a narrow
    chart showed 3 sectors of 9)."""
    return alt.Chart(frame, title=title).mark_bar().encode(
        x=alt.X("period:O", title=bin_), y=alt.Y(f"{y}:Q", title=y),
        color=alt.Color(f"{colour}:N", title=None, scale=scale or alt.Undefined, legend=alt.Legend(orient="right", labelLimit=260)),
        tooltip=["period", colour, y])


st.altair_chart(bars(series, "attacks", "sector", f"Attacks per {bin_}"), use_container_width=True)
st.altair_chart(bars(series, "fatalities", "sector", f"Fatalities per {bin_}"), use_container_width=True)
st.altair_chart(bars(casualties_by_group(table, bin_, start, end), "killed", "victims",
                     f"Killed per {bin_}, by victim group", scale=alt.Scale(  # the map's colours: each its own
                         domain=[GROUP_LABELS[g] for g in GROUP_COLOURS], range=list(GROUP_COLOURS.values()))),
                use_container_width=True)
value = st.radio(f"Sector × {bin_}", ["attacks", "fatalities"], horizontal=True)
st.dataframe(sector_period_table(table, bin_, sectors, value, start, end), width="stretch")
