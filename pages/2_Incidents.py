"""Incidents: the filtered table, sortable, with CSV and GeoJSON downloads of exactly these rows."""
from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from app_ui import filtered_table, get_store, sidebar_filter
from incidents.analysis import incident_rows
from incidents.export import to_csv, to_geojson

TABLE_ROWS = 20_000  # more rows than this are in the downloads, not in the browser's table

st.set_page_config(page_title="Incidents · Frontline Watch", layout="wide")
store = get_store()
flt = sidebar_filter(store)
table = filtered_table(store, flt)
st.title(f"Incidents ({len(table):,})")
if len(table) > TABLE_ROWS:
    st.caption(f"The latest {TABLE_ROWS:,} are shown; the downloads hold all {len(table):,}.")
st.dataframe(incident_rows(table.tail(TABLE_ROWS).iloc[::-1], map_link=f"/?{urlencode(flt.to_query(), doseq=True)}&"),
             hide_index=True, width="stretch", column_config={
                 "map": st.column_config.LinkColumn("map", display_text="on the map",
                                                    help="The attack on the map, its popup open, in this filter"),
                 "confidence": st.column_config.NumberColumn(format="%.2f", help="How far the cues that produced "
                                                             "it can be trusted (blank for imported datasets)"),
                 "review": st.column_config.TextColumn("to review", help="Why an analyst should check it")})
stem = f"frontline-{flt.date_from or 'start'}-{flt.date_to or 'end'}"
left, right = st.columns(2)
# Built when clicked, with every source of every incident: not on each rerun.
left.download_button("Download CSV", data=lambda: to_csv(store.incidents(flt)), file_name=f"{stem}.csv",
                     mime="text/csv")
right.download_button("Download GeoJSON", data=lambda: to_geojson(store.incidents(flt)), file_name=f"{stem}.geojson",
                      mime="application/geo+json")
