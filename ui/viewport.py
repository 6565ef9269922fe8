"""What a view of the map draws: every attack one by one when few enough are in view (steadied, so a small
pan redraws nothing), else circles aggregated to grid cells sized for the zoom; and the view that frames a
sector. Plain pandas: no folium here."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from geo import Boundaries, get_boundaries
from store.query import in_box
from analysis.tables import main_victim_group
from ui.symbols import GROUP_COLOURS, TYPE_COLOURS

# Up to this many incidents in view each gets a marker and popup; above it, grid cells (see detail_ids).
DETAIL_LIMIT = 500


def sector_view(names: str | tuple[str, ...], boundaries: Boundaries | None = None, width_px: int = 700,
                height_px: int = 600) -> tuple[tuple[float, float], int] | None:
    """The centre and zoom that frame frontline sectors (one name, or several) in a map of about this size;
    None when none of them is a sector drawn on the map."""
    sectors = (boundaries or get_boundaries()).sectors
    chosen = sectors[sectors["name"].isin([names] if isinstance(names, str) else names)]
    if chosen.empty:
        return None
    west, south, east, north = chosen.total_bounds
    fits = min(width_px / 256 * 360 / max(east - west, 1e-3),
               height_px / 256 * 360 / max((north - south) * 1.25, 1e-3))  # latitude stretches ~1.25x here
    return (float(south + north) / 2, float(west + east) / 2), int(min(max(math.floor(math.log2(fits)), 6), 12))


def cell_degrees(zoom: int | None) -> float:
    """Grid cell side for aggregated attacks: about 10 km at zoom 8, halving with each zoom level in
    (the map opens at about zoom 7, framed on the disputed territories)."""
    return 0.1 * 2 ** (8 - min(max(zoom or 7, 5), 12))


def located(table: pd.DataFrame) -> pd.DataFrame:
    return table[table["latitude"].notna() & table["longitude"].notna()]


def leaflet_bounds(bounds: dict | None) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """((south, west), (north, east)) from the bounds Leaflet reports (as streamlit-folium returns them)."""
    try:
        return ((bounds["_southWest"]["lat"], bounds["_southWest"]["lng"]),
                (bounds["_northEast"]["lat"], bounds["_northEast"]["lng"]))
    except (KeyError, TypeError):
        return None


def in_view(table: pd.DataFrame, bounds: tuple[tuple[float, float], tuple[float, float]] | None) -> pd.DataFrame:
    """The located rows inside ((south, west), (north, east)); all located rows when there are no bounds."""
    rows = located(table)
    if not bounds:
        return rows
    (south, west), (north, east) = bounds
    return rows[in_box(rows, (west, south, east, north))]


CELL_COLUMNS = ["latitude", "longitude", "attacks", "killed", "wounded", "first", "last", "colour", "places"]


def grid_cells(table: pd.DataFrame, degrees: float, colour_by: str = "victims") -> pd.DataFrame:
    """Located incidents aggregated to square cells (cell_figures, as store.figures.grid_cells computes them in
    the database)."""
    rows = located(table)
    if rows.empty:
        return pd.DataFrame(columns=CELL_COLUMNS)
    keys = ["cell_y", "cell_x"]
    frame = pd.DataFrame({
        "cell_y": np.floor(rows["latitude"] / degrees).astype(int),
        "cell_x": np.floor(rows["longitude"] / degrees).astype(int),
        "latitude": rows["latitude"], "longitude": rows["longitude"], "event_date": pd.to_datetime(rows["event_date"]),
        "killed": rows["fatalities_best"].fillna(0), "wounded": rows["wounded_total"].fillna(0),
        "key": main_victim_group(rows) if colour_by == "victims" else rows["attack_type"],
        "place": rows["location"].fillna(rows["place"])})
    cells = frame.groupby(keys, as_index=False).agg(
        latitude=("latitude", "mean"), longitude=("longitude", "mean"), attacks=("latitude", "size"),
        killed=("killed", "sum"), wounded=("wounded", "sum"), first=("event_date", "min"), last=("event_date", "max"))
    colours = frame.groupby([*keys, "key"], as_index=False).size().rename(columns={"size": "n"})
    places = frame.groupby([*keys, "place"], as_index=False).size().rename(columns={"size": "n"}) \
        .sort_values([*keys, "n", "place"], ascending=[True, True, False, True]).groupby(keys).head(3)
    return cell_figures(cells, colours, places, colour_by)


def cell_figures(cells: pd.DataFrame, colours: pd.DataFrame, places: pd.DataFrame, colour_by: str) -> pd.DataFrame:
    """Grid cells as the map draws them, from their figures (`cells`: per cell_y, cell_x its mean point, attacks,
    killed, wounded, first and last date), the attacks per cell and colour key (`colours`: the main victim group, or
    the attack type) and the places most named per cell, most first (`places`): the commonest colour (on a tie, the
    first colour in order) and the three places most named."""
    if cells.empty:
        return pd.DataFrame(columns=CELL_COLUMNS)
    keys = ["cell_y", "cell_x"]
    palette, other = (GROUP_COLOURS, GROUP_COLOURS["unknown"]) if colour_by == "victims" else \
        (TYPE_COLOURS, TYPE_COLOURS["other"])
    painted = colours.assign(colour=colours["key"].map(palette).fillna(other)) \
        .groupby([*keys, "colour"], as_index=False)["n"].sum()
    commonest = painted.sort_values([*keys, "n", "colour"], ascending=[True, True, False, True]) \
        .drop_duplicates(keys).set_index(keys)["colour"]
    named = places.groupby(keys, sort=False)["place"].agg(", ".join).rename("places")
    out = cells.sort_values(keys).set_index(keys).join(commonest).join(named)
    out[["first", "last"]] = out[["first", "last"]].apply(pd.to_datetime)
    out[["attacks", "killed", "wounded"]] = out[["attacks", "killed", "wounded"]].astype(int)
    return out.reset_index(drop=True)[CELL_COLUMNS]


VIEW_GRID = 0.1  # degrees: the view snapped out to this grid, so a small pan draws the same attacks


def steady_bounds(bounds, previous=None):
    """The view, widened by a quarter of its size on each side and snapped out to VIEW_GRID: a popup that
    pans the map a little (or the analyst nudging it) keeps the same attacks drawn, so nothing is redrawn
    and the open popup stays. The area drawn before (`previous`) is kept while the view, at about the same
    zoom, stays in it or sticks out by less than a quarter of its size (a tall popup pans the map further
    than the margin): such a pan redraws nothing either, and the next one draws the edge's attacks."""
    if not bounds:
        return bounds
    (south, west), (north, east) = bounds
    pad_y, pad_x = (north - south) / 4, (east - west) / 4
    down = lambda value: round(math.floor(value / VIEW_GRID) * VIEW_GRID, 6)  # noqa: E731
    up = lambda value: round(math.ceil(value / VIEW_GRID) * VIEW_GRID, 6)  # noqa: E731
    fresh = (down(south - pad_y), down(west - pad_x)), (up(north + pad_y), up(east + pad_x))
    if previous:
        (kept_south, kept_west), (kept_north, kept_east) = previous
        inside = (kept_south - pad_y <= south and kept_west - pad_x <= west and north <= kept_north + pad_y
                  and east <= kept_east + pad_x)
        same_zoom = (kept_north - kept_south) <= 1.25 * (fresh[1][0] - fresh[0][0]) and \
            (kept_east - kept_west) <= 1.25 * (fresh[1][1] - fresh[0][1])  # zoomed in, fewer are in view
        if inside and same_zoom:
            return tuple(map(tuple, previous))
    return fresh


def detail_ids(table: pd.DataFrame, bounds=None, limit: int = DETAIL_LIMIT, previous=None) -> list[str] | None:
    """The incidents to draw one by one: all of them when there are at most `limit` (so a pan, such as a
    popup opening near the edge, changes nothing on the map), else those in view (steady_bounds, which keeps
    the `previous` area drawn while the view stays in it); None when more than `limit` are in view: then
    the map draws grid cells, and the analyst zooms or filters down to see markers."""
    rows = located(table)
    if len(rows) > limit:
        rows = in_view(rows, steady_bounds(bounds, previous))
    return None if len(rows) > limit else list(rows["incident_id"])
