"""Incidents: the filtered table, sortable, with CSV and GeoJSON downloads of exactly these rows: the ones the
figures count (attacks awaiting review only when the analyst counts them)."""
from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from analysis.labels import export_stem
from analysis.tables import incident_rows
from exchange.export_files import FORMATS as EXPORT_FORMATS, export_text, publish_export, remove_published
from store.database import IncidentStore
from ui.app import awaiting_note, computed, data_version, get_store, selection
from ui.link import link_query
from ui.sidebar import sidebar_filter
from ui.map_assets import STATIC_DIR, download_links

TABLE_ROWS = 20_000  # more rows than this are in the downloads, not in the browser's table
PREPARED_ROWS = 2_000  # downloads of up to this many incidents are written with the page
PREPARED_EXPORT = "prepared_export"  # session key: a larger selection's download, prepared on request
TABLE_TOP, ROW_HEIGHT, TABLE_MAX_HEIGHT = 38, 35, 720  # px: the table's header, a row, and its most
# Button label -> format (exchange.export_files.FORMATS) and what the file's name adds to the view's (ACLED's columns
# are a CSV too: its file must not take the plain CSV's name).
FORMATS = {"CSV": ("csv", ""), "GeoJSON": ("geojson", ""), "ACLED CSV": ("acled", "_acled-columns")}

st.set_page_config(page_title="Incidents · Frontline Watch", layout="wide")
store = get_store()
flt = sidebar_filter(store)
headline = selection(store, flt).headline()  # those awaiting review too: the note says how many are left out
total = headline["incidents"]  # those the figures count
st.title(f"Incidents ({total:,})")
note = awaiting_note(headline["awaiting_review"], flt, shown="this table and its downloads")
if note:
    st.caption(note + " They are on the map and in the review queue on the Add reports page.")
if total > TABLE_ROWS:
    st.caption(f"The latest {TABLE_ROWS:,} are shown; the downloads hold all {total:,}.")
shown = computed(store, IncidentStore.table, flt, True, None, False, TABLE_ROWS)  # the latest, read by the page
# As tall as its rows, up to most of a screen: a fixed box showed ten rows above half a page left blank.
st.dataframe(incident_rows(shown, map_link=f"/?{urlencode(link_query(flt), doseq=True)}&"),
             hide_index=True, width="stretch", height=min(TABLE_TOP + ROW_HEIGHT * len(shown), TABLE_MAX_HEIGHT),
             column_config={
                 "map": st.column_config.LinkColumn("map", display_text="on the map",
                                                    help="The attack on the map, its popup open, in this filter"),
                 "confidence": st.column_config.NumberColumn(format="%.2f", help="The chance that the attack is "
                                                             "real and its toll right (blank for imported datasets)"),
                 "review": st.column_config.TextColumn("to review", help="Why an analyst should check it")})
stem = export_stem(flt)
columns = dict(zip(FORMATS, st.columns([1, 1, 1, 2])))  # the downloads side by side
if total <= PREPARED_ROWS:  # written with the page, so a click downloads at once
    for name, (fmt, named) in FORMATS.items():
        columns[name].download_button(f"Download {name}", data=export_text(store, flt, fmt),
                                      file_name=f"{stem}{named}.{EXPORT_FORMATS[fmt].suffix}",
                                      mime=EXPORT_FORMATS[fmt].mime)
else:
    # A larger selection (every source of every incident: 26 MB of CSV at 100,000) is prepared when asked for,
    # streamed from the database into its own unguessable folder under static/, and downloaded by a plain link
    # that Streamlit's static server streams from disk: a download button would hold the whole file in the
    # dashboard's memory (1.6 GB for a million incidents as GeoJSON). Built on the click itself, chromium's download
    # button now and then spun for ever (a rerun replaced the file being built), so the click that downloads
    # never waits. Every prepared download goes this way: one path, and none is small (over PREPARED_ROWS).
    selection = (data_version(store), flt)
    prepared = st.session_state.get(PREPARED_EXPORT)
    for name, (fmt, named) in FORMATS.items():
        if prepared and (prepared["selection"], prepared["format"]) == (selection, name) and all(
                path.exists() for path in prepared["paths"]):
            columns[name].markdown(download_links(name, prepared["paths"]), unsafe_allow_html=True)
        elif columns[name].button(f"Prepare {name} ({total:,} incidents)"):
            with st.spinner(f"Writing {total:,} incidents as {name}…"):
                paths, _ = publish_export(store, flt, fmt, STATIC_DIR / "exports", stem + named)
            if prepared:
                remove_published(prepared["paths"])  # one prepared download a visitor at most
            st.session_state[PREPARED_EXPORT] = {"selection": selection, "format": name, "paths": paths}
            st.rerun()
