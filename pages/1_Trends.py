"""Trends: attacks and fatalities per sector over time, binned by week, month or quarter as the window
allows, a sector × period table, and casualties by victim group, for the current filter."""
from __future__ import annotations

import altair as alt
import streamlit as st

from geo import get_boundaries
from analysis.labels import GROUP_LABELS
from analysis.trends import group_series, sector_period_wide, sector_series, trend_bin, trend_window
from store import figures
from ui.app import awaiting_note, computed, get_store, selection
from ui.sidebar import sidebar_filter
from ui.symbols import GROUP_COLOURS

st.set_page_config(page_title="Trends · Frontline Watch", layout="wide")
store = get_store()
flt = sidebar_filter(store)
st.title("Trends")
span = computed(store, figures.date_span, flt, True)  # of the attacks counted
if span is None:
    st.info("No incidents in this filter.")
    st.stop()
start, end, clipped = trend_window(span, flt.date_from, flt.date_to)
bin_ = trend_bin((end - start).days + 1)
sectors = list(flt.sectors) or list(get_boundaries().sectors["name"])
totals = computed(store, figures.period_totals, flt, bin_)  # per period and sector, computed by the database
series = sector_series(totals, bin_, sectors, start, end)
st.caption(f"Per {bin_} from {start} to {end} (the bin follows the window's length); every sector shown. "
           + awaiting_note(selection(store, flt).headline()["awaiting_review"], flt))
if clipped:
    st.warning(clipped)


# A legend on the right of a chart on a phone left the plot about 80 px of 350: each chart is sent twice, its
# legend on the right (on the page, shown on wider screens, as before) and below it, one name a line (in the
# NARROW container, shown on narrow screens instead).
NARROW = "trends-narrow"
NARROW_HEIGHT = 560  # px: the plot about 200 high above its rotated periods and the legend, one name a line
PAGE_CHARTS = ('[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] > '
               '[data-testid="stElementContainer"]:has([data-testid="stVegaLiteChart"])')
NARROW_SCREEN_CSS = f"""<style>.st-key-{NARROW} {{ display: none; }}
@media (max-width: 640px) {{ {PAGE_CHARTS} {{ display: none; }} .st-key-{NARROW} {{ display: flex; }} }}</style>"""


def bars(frame, y: str, colour: str, title: str, scale: alt.Scale | None = None, narrow: bool = False):
    """Stacked bars per period, the legend listing every series: on the right, or under a `narrow` chart in
    one column (in one row under a narrow chart it showed 3 sectors of 9)."""
    legend = (alt.Legend(orient="bottom", direction="vertical", columns=1, labelLimit=330) if narrow
              else alt.Legend(orient="right", labelLimit=260))
    return alt.Chart(frame, title=title).mark_bar().encode(
        x=alt.X("period:O", title=bin_), y=alt.Y(f"{y}:Q", title=None if narrow else y),  # the title says it
        color=alt.Color(f"{colour}:N", title=None, scale=scale or alt.Undefined, legend=legend),
        tooltip=["period", colour, y])


st.html(NARROW_SCREEN_CSS)
victims = group_series(totals, bin_, start, end)
group_scale = alt.Scale(domain=[GROUP_LABELS[g] for g in GROUP_COLOURS],  # the map's colours: each its own
                        range=list(GROUP_COLOURS.values()))
charts = [(series, "attacks", "sector", f"Attacks per {bin_}", None),
          (series, "fatalities", "sector", f"Fatalities per {bin_}", None),
          (victims, "killed", "victims", f"Killed per {bin_}, by victim group", group_scale)]
for frame, y, colour, title, scale in charts:
    st.altair_chart(bars(frame, y, colour, title, scale), use_container_width=True)
with st.container(key=NARROW):
    for frame, y, colour, title, scale in charts:
        st.altair_chart(bars(frame, y, colour, title, scale, narrow=True), use_container_width=True,
                        height=NARROW_HEIGHT)
value = st.radio(f"Sector × {bin_}", ["attacks", "fatalities"], horizontal=True)
st.dataframe(sector_period_wide(totals, bin_, sectors, value, start, end), width="stretch")
