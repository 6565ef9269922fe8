"""The incidents new since an analyst's last visit, marked on the map: a ring around each, with a tooltip
saying when it arrived. A layer of its own over the map's attack markers (ui.mapping), drawn with
the same stable element ids, so a rerun that changes nothing does not redraw it."""
from __future__ import annotations

from html import escape

import folium
import pandas as pd

from ui.map_assets import stable_ids, use_local_assets

NEW_CLASS = "frontline-new"  # CSS class of the rings, for styling and browser tests
NEW_COLOUR = "#00bcd4"


def new_incidents_layer(new: pd.DataFrame) -> folium.FeatureGroup:
    """A ring around each located incident of `new` (a frame from watch.records.incidents_new_since)."""
    layer = folium.FeatureGroup(name=f"New since your last visit ({len(new)})")
    for row in new.dropna(subset=["latitude", "longitude"]).itertuples():
        where = escape(str(row.location or row.place or ""))
        killed = "" if pd.isna(row.killed_total) else f", {int(row.killed_total)} killed"
        folium.CircleMarker(location=(row.latitude, row.longitude), radius=14, color=NEW_COLOUR, weight=3,
                            fill=False, class_name=NEW_CLASS,
                            tooltip=f"New: {where}, {row.event_date}{killed} (arrived {row.ingested_at:%Y-%m-%d %H:%M})"
                            ).add_to(layer)
    return use_local_assets(stable_ids(layer, "lnew"))
