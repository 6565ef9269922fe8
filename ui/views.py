"""What the map page shows of a filter: its figures, the attacks in view and the layers drawn, computed by the
database (store.figures) so that no page reads the whole incidents table, or, once the map's search narrowed the
filter, on the filtered rows in memory (a search matches accents aside, by the gazetteer's spellings and in the
sentences of the attacks drawn, which SQL cannot). The same figures either way (tests/test_sql_figures.py).
Plain Python: the dashboard hands in its cache (ui.app.selection)."""
from __future__ import annotations

import math
from typing import Callable, Iterable

import pandas as pd

from analysis.tables import counted, event_list, headline_figures, sector_figures
from incidents.model import VICTIM_GROUPS, Incident
from store import figures
from store.database import IncidentStore
from store.query import Box, IncidentFilter, in_box
from ui.mapping import HEAT_CELL_DEGREES, drawn_layers
from ui.symbols import marker_colours
from ui.viewport import (DETAIL_LIMIT, cell_degrees, cell_figures, detail_ids, grid_cells, in_view, located,
                         steady_bounds)

Bounds = tuple[tuple[float, float], tuple[float, float]]  # ((south, west), (north, east)), as Leaflet reports them
LISTED = 500  # attacks listed beside the map, latest first
CELLS_EVERYWHERE = 0.1  # degrees: cells this large (zoom 8 and out) are computed over the whole filter, not a view
# Those cell sides (ui.viewport.cell_degrees at any of Leaflet's zooms: 5 to 8): the filter's overview sums them too.
EVERYWHERE_GRIDS = tuple(sorted({d for zoom in range(20) if (d := cell_degrees(zoom)) >= CELLS_EVERYWHERE},
                                reverse=True))


def cell_area(area: Bounds | None, degrees: float) -> Box | None:
    """The box of `area` grown out to whole grid cells `degrees` wide: a cell at its edge is counted whole."""
    if not area:
        return None
    west, south, east, north = box_of(area)
    return (math.floor(west / degrees) * degrees, math.floor(south / degrees) * degrees,
            math.ceil(east / degrees) * degrees, math.ceil(north / degrees) * degrees)


def box_of(bounds: Bounds | None) -> Box | None:
    """A map view's bounds as a box (west, south, east, north)."""
    if not bounds:
        return None
    (south, west), (north, east) = bounds
    return west, south, east, north


class Selection:
    """The attacks of a filter: in the database (`rows` None), or in memory (`rows`: the filter's rows that the
    search kept). `compute(function, *args)` runs a store.figures function (or IncidentStore.table) on the store and
    the filter, through the caller's cache."""

    def __init__(self, store: IncidentStore, flt: IncidentFilter, rows: pd.DataFrame | None = None,
                 compute: Callable | None = None):
        self.store, self.flt, self.rows = store, flt, rows
        self._compute = compute or (lambda function, *args: function(store, *args))

    def _sql(self, function, *args):
        return self._compute(function, self.flt, *args)

    def _counted(self) -> pd.DataFrame:
        return counted(self.rows, self.flt.count_awaiting)

    def _overview(self) -> pd.DataFrame:
        """The filter's figures summed per group (store.figures.overview): one pass over its rows gives the
        headline, the counts, the sector toll, the governorates outlined and the grid cells coloured by victims at
        every zoom whose cells cover the whole filter (EVERYWHERE_GRIDS)."""
        return self._sql(figures.overview, EVERYWHERE_GRIDS)

    def headline(self) -> dict[str, int | bool]:
        if self.rows is not None:
            return headline_figures(self.rows, self.flt.count_awaiting)
        return figures.headline_of(self._overview(), self.flt.count_awaiting)

    def count(self) -> int:
        """Every attack of the selection, those awaiting review too (on the map either way)."""
        return len(self.rows) if self.rows is not None else int(self._overview()["incidents"].sum())

    def unlocated(self) -> int:
        if self.rows is not None:
            return len(self.rows) - len(located(self.rows))
        parts = self._overview()
        return int(parts.loc[parts["located"] == 0, "incidents"].sum())

    def matching(self, incident_ids: Iterable[str]) -> set[str]:
        """Which of these attacks are in the selection."""
        incident_ids = list(incident_ids)
        if self.rows is not None:
            return set(incident_ids) & set(self.rows["incident_id"])
        return self._sql(figures.matching, incident_ids) if incident_ids else set()

    def searched(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The rows of `frame` (attacks under the filter, as the database gave them) that the search kept."""
        return frame if self.rows is None else frame[frame["incident_id"].isin(self.rows["incident_id"])]

    def detail_ids(self, bounds: Bounds | None, previous=None, limit: int = DETAIL_LIMIT) -> list[str] | None:
        """ui.viewport.detail_ids: every located attack when there are at most `limit`, else those in the steadied
        view; None when more than `limit` are in view (the map draws grid cells)."""
        if self.rows is not None:
            return detail_ids(self.rows, bounds, limit, previous)
        ids = self._sql(figures.located_ids, None, limit)
        if ids is None and bounds:
            ids = self._sql(figures.located_ids, box_of(steady_bounds(bounds, previous)), limit)
        return ids

    def in_view(self, bounds: Bounds | None) -> tuple[pd.DataFrame, int]:
        """The latest LISTED located attacks in the view (analysis.tables.event_list), and how many are in it."""
        if self.rows is not None:
            in_sight = in_view(self.rows, bounds)
            return event_list(in_sight, limit=LISTED), len(in_sight)
        box = box_of(bounds)
        latest = self._compute(IncidentStore.table, self.flt, False, box, True, LISTED)
        return event_list(latest, limit=LISTED), self._sql(figures.count, False, box, True)

    def cells(self, zoom: int | None, colour_by: str, area: Bounds | None = None) -> pd.DataFrame:
        """The grid cells drawn for the counted attacks at `zoom` (ui.viewport.grid_cells); at a zoom whose cells are
        smaller than CELLS_EVERYWHERE and with an `area` (the one drawn, ui.viewport.steady_bounds), only the cells
        in it, each whole (cell_area): at zoom 12 the whole frontline held tens of thousands of cells that no one
        sees. Coarser cells are few over the whole frontline: coloured by victims, they come with the filter's overview
        (EVERYWHERE_GRIDS), else computed once per filter and zoom; every pan reuses them."""
        degrees = cell_degrees(zoom)
        return self._cells(degrees, colour_by, cell_area(area, degrees) if degrees < CELLS_EVERYWHERE else None)

    def heat(self, area: Bounds | None = None) -> pd.DataFrame:
        """The counted attacks in small cells, for the heat map (points, attacks, killed), in the `area` drawn."""
        return self._cells(HEAT_CELL_DEGREES, None, cell_area(area, HEAT_CELL_DEGREES))

    def _cells(self, degrees: float, colour_by: str | None, box: Box | None) -> pd.DataFrame:
        if self.rows is not None:
            rows = self._counted()
            return grid_cells(rows[in_box(rows, box)] if box else rows, degrees, colour_by or "victims")
        if box is None and colour_by == "victims" and degrees in EVERYWHERE_GRIDS:
            found = figures.cells_of(self._overview(), degrees, self.flt.count_awaiting)
        else:
            found = self._sql(figures.grid_cells, degrees, colour_by, box)
        return cell_figures(*found, colour_by) if colour_by else found[0]

    def sector_toll(self) -> dict[str, dict[str, int]]:
        if self.rows is not None:
            return sector_figures(self._counted())
        return figures.sector_toll_of(self._overview(), self.flt.count_awaiting)

    def governorates(self) -> list[str]:
        """Governorates holding located attacks known only to the governorate."""
        if self.rows is None:
            return figures.outlined_of(self._overview())
        wide = self.rows[(self.rows["geo_precision"] == "governorate") & self.rows["latitude"].notna()]
        return sorted(set(wide["admin1"].dropna()))

    def layers(self, details: list[Incident] | None, colour_by: str, zoom: int | None, heat: bool,
               focus: str | None, area: Bounds | None = None) -> list:
        """The map's layers for this selection (ui.mapping.drawn_layers): markers for `details` when given, else
        grid cells for `zoom` in the `area` drawn (all of them when it is not known yet)."""
        drawn = [i for i in details if i.geolocated] if details is not None else None
        colours = marker_colours_of(drawn, colour_by) if drawn is not None else {}
        return drawn_layers(self.sector_toll(), self.governorates(), drawn, colours,
                            self.cells(zoom, colour_by, area) if drawn is None else None,
                            self.heat(area) if heat else None, focus=focus, count_awaiting=self.flt.count_awaiting)


def marker_colours_of(incidents: list[Incident], colour_by: str) -> dict[str, str]:
    """Each drawn attack's marker colour (ui.symbols.marker_colours), by incident id."""
    if not incidents:
        return {}
    frame = pd.DataFrame([{"attack_type": i.attack_type, **{f"killed_{g}": getattr(i.killed, g) for g in VICTIM_GROUPS},
                           **{f"wounded_{g}": getattr(i.wounded, g) for g in VICTIM_GROUPS}} for i in incidents],
                         dtype=object).infer_objects()
    for column in frame.columns.drop("attack_type"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce")
    return dict(zip((i.incident_id for i in incidents), marker_colours(frame, colour_by)))

