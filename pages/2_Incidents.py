"""Incidents: the filtered table, sortable, with CSV and GeoJSON downloads of exactly these rows."""
from __future__ import annotations

import streamlit as st

from app_ui import filtered_table, get_store, sidebar_filter
from incidents.export import to_csv, to_geojson

TABLE_ROWS = 20_000  # more rows than this are in the downloads, not in the browser's table

st.set_page_config(page_title="Incidents · Frontline Watch", layout="wide")
store = get_store()
flt = sidebar_filter(store)
table = filtered_table(store, flt)
st.title(f"Incidents ({len(table):,})")
if len(table) > TABLE_ROWS:
    st.caption(f"The latest {TABLE_ROWS:,} are shown; the downloads hold all {len(table):,}.")
st.dataframe(table.tail(TABLE_ROWS).iloc[::-1], hide_index=True, width="stretch")
stem = f"frontline-{flt.date_from or 'start'}-{flt.date_to or 'end'}"
left, right = st.columns(2)
# Built when clicked, with every source of every incident: not on each rerun.
left.download_button("Download CSV", data=lambda: to_csv(store.incidents(flt)), file_name=f"{stem}.csv",
                     mime="text/csv")
right.download_button("Download GeoJSON", data=lambda: to_geojson(store.incidents(flt)), file_name=f"{stem}.geojson",
                      mime="application/geo+json")
