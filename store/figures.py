"""Figures the database computes for a filter, so that the dashboard never reads the whole incidents table: the
headline (incidents, killed, wounded, killed per victim group, what awaits review), the toll per frontline sector,
totals per period for Trends, the attacks in a map view (counted, listed a page at a time) and the grid cells drawn
in place of markers. Only what is drawn crosses into Python. Each gives the same numbers as the pandas computation
in analysis/ and ui/ over IncidentStore.table (tests/test_sql_figures.py compares them on SQLite and PostGIS).

`box` (west, south, east, north) narrows a filter to a map view on top of the filter's own box, through the same
index (store.query.box_clause)."""
from __future__ import annotations

from datetime import date

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import GenericFunction

from incidents.confidence import COUNTED_FROM
from incidents.model import VICTIM_GROUPS
from store.query import AWAITING_REVIEW, Box, IncidentFilter, box_clause
from store.schema import in_lists, incidents_table

t = incidents_table.c
BINS = ("week", "month", "quarter")  # analysis.trends.BINS: the periods Trends groups by


def conditions(flt: IncidentFilter, counted: bool = False, box: Box | None = None,
               located: bool = False) -> list:
    """The filter's SQL conditions (IncidentFilter.where), narrowed to a map view `box` and to `located` rows (with
    a point: what a map draws)."""
    clauses = flt.where(counted)
    if located:
        clauses += [t.latitude.isnot(None), t.longitude.isnot(None)]
    if box:
        clauses.append(box_clause(box))
    return clauses


def _total(condition, value=None) -> sa.ColumnElement:
    """The sum of `value` (1: a count) over the rows meeting `condition`; unknown counts add nothing."""
    return sa.func.coalesce(sa.func.sum(sa.case((condition, 1 if value is None else value), else_=0)), 0)


def _scalars(store, query) -> list:
    with store.engine.connect() as conn:
        return list(conn.execute(query).scalars())


def _frame(store, query) -> pd.DataFrame:
    with store.engine.connect() as conn:
        result = conn.execute(query)
        return pd.DataFrame(result.all(), columns=list(result.keys()))


def overview(store, flt: IncidentFilter, grids: tuple[float, ...] = ()) -> pd.DataFrame:
    """The filter's rows in one pass, summed per group of whether they await review, their sector, whether they are
    located, and the governorate of those located only to one (`outlined`): the headline, the sector toll, the
    counts and the governorates outlined are sums over these few groups (headline_of, sector_toll_of, ...), so a
    filter change reads the rows once, not five times. Per group: incidents, killed, wounded, fatalities (best),
    killed per victim group, killed in attacks told by one report only, killed at a confidence below
    COUNTED_FROM. With `grids` (cell sides in degrees), the groups are split by the cell of each grid, the main
    victim group and the place too, with what grid_cells sums, so that the cells of those grids coloured by victims
    come from the same pass (cells_of): a date window's rows were read once for the figures and again for the
    cells (a half year at a million incidents, SQLite: 0.16 + 0.17 s, 0.28 s in one)."""
    one_report = t.report_count <= 1  # kept by store.told: a lookup of its sources per row cost most of a second
    located = sa.and_(t.latitude.isnot(None), t.longitude.isnot(None))
    keys = [sa.case((AWAITING_REVIEW, 1), else_=0).label("awaiting"), t.sector.label("sector"),
            sa.case((located, 1), else_=0).label("located"),
            sa.case((sa.and_(located, t.geo_precision == "governorate"), t.admin1)).label("outlined")]
    sums = {"incidents": sa.func.count(), "killed": _total(sa.true(), t.killed_total),
            "wounded": _total(sa.true(), t.wounded_total), "fatalities": _total(sa.true(), t.fatalities_best),
            **{f"killed_{g}": _total(sa.true(), t[f"killed_{g}"]) for g in VICTIM_GROUPS},
            "killed_one_report": _total(sa.and_(t.killed_total > 0, one_report), t.killed_total),
            "killed_low_confidence": _total(t.confidence < COUNTED_FROM, t.killed_total)}
    cell_sums = []
    if grids:
        dialect = store.engine.dialect.name
        keys += [*_cell_keys(grids, dialect), main_group_code().label("key"), _place().label("place")]
        cell_sums = _cell_sums()
    query = sa.select(*keys, *(value.label(name) for name, value in sums.items()), *cell_sums).where(
        *conditions(flt)).group_by(*keys)
    frame = _frame(store, query)
    frame[list(sums)] = frame[list(sums)].astype("int64")
    if grids:
        frame["key"] = frame["key"].map(MAIN_GROUPS)
    return frame


def cells_of(parts: pd.DataFrame, degrees: float, count_awaiting: bool) -> tuple[pd.DataFrame, pd.DataFrame,
                                                                                pd.DataFrame]:
    """grid_cells(flt, degrees, "victims") from the filter's `overview` with `degrees` among its grids: the counted,
    located groups, summed per cell."""
    cell_y, cell_x = _grid_columns(degrees)
    counted = parts[(parts["located"] == 1) & ((parts["awaiting"] == 0) | count_awaiting)]
    return _summed_cells(counted.drop(columns=["killed"]).rename(columns={
        cell_y: "cell_y", cell_x: "cell_x", "incidents": "attacks", "fatalities": "killed"}), "victims")


HEADLINE_SUMS = ("incidents", "killed", "wounded", *(f"killed_{g}" for g in VICTIM_GROUPS), "killed_one_report",
                 "killed_low_confidence")


def headline_of(parts: pd.DataFrame, count_awaiting: bool) -> dict[str, int | bool]:
    """analysis.tables.headline_figures from the filter's `overview`: incidents, killed and wounded over the counted
    rows, killed per victim group, those awaiting review (with their killed and wounded), and what the Killed figure
    rests on."""
    waiting = parts[parts["awaiting"] == 1]
    counted_parts = parts if count_awaiting else parts[parts["awaiting"] == 0]
    figures = {name: int(counted_parts[name].sum()) for name in HEADLINE_SUMS}
    return {**figures, "awaiting_review": int(waiting["incidents"].sum()),
            "awaiting_review_killed": int(waiting["killed"].sum()),
            "awaiting_review_wounded": int(waiting["wounded"].sum()), "awaiting_review_counted": count_awaiting}


def sector_toll_of(parts: pd.DataFrame, count_awaiting: bool) -> dict[str, dict[str, int]]:
    """analysis.tables.sector_figures over the counted rows, from the filter's `overview`: attacks, fatalities and
    wounded per sector."""
    inside = parts[parts["sector"].notna() & ((parts["awaiting"] == 0) | count_awaiting)]
    grouped = inside.groupby("sector")[["incidents", "fatalities", "wounded"]].sum()
    return {sector: {"attacks": int(row["incidents"]), "fatalities": int(row["fatalities"]),
                     "wounded": int(row["wounded"])} for sector, row in grouped.iterrows()}


def outlined_of(parts: pd.DataFrame) -> list[str]:
    """The governorates holding located attacks of the filter known only to the governorate (outlined on the map),
    from its `overview`."""
    return sorted(set(parts["outlined"].dropna()))


def headline(store, flt: IncidentFilter) -> dict[str, int | bool]:
    """analysis.tables.headline_figures, computed by the database (overview)."""
    return headline_of(overview(store, flt), flt.count_awaiting)


def count(store, flt: IncidentFilter, counted: bool = False, box: Box | None = None, located: bool = False) -> int:
    """How many rows of the filter (those it counts, those in `box`, those `located`)."""
    query = sa.select(sa.func.count()).select_from(incidents_table).where(*conditions(flt, counted, box, located))
    with store.engine.connect() as conn:
        return conn.execute(query).scalar_one()


def date_span(store, flt: IncidentFilter, counted: bool = False) -> tuple[date, date] | None:
    """The first and last event dates of the filter's rows (analysis.tables.date_span); None when there are none."""
    query = sa.select(sa.func.min(t.event_date), sa.func.max(t.event_date)).where(*conditions(flt, counted))
    with store.engine.connect() as conn:
        first, last = conn.execute(query).one()
    return None if first is None else (_day(first), _day(last))


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def event_days(store, flt: IncidentFilter) -> list[date]:
    """The days on which the filter's rows happened, in order (Play's steps skip windows without one)."""
    return [_day(d) for d in _scalars(store, sa.select(t.event_date).where(*conditions(flt)).distinct()
                                      .order_by(t.event_date))]


def values(store, flt: IncidentFilter, column: str) -> list[str]:
    """The distinct values of `column` among the filter's rows, sorted, unknown left out (a sidebar's choices)."""
    return _scalars(store, sa.select(t[column]).where(*conditions(flt), t[column].isnot(None)).distinct()
                    .order_by(t[column]))


def matching(store, flt: IncidentFilter, incident_ids: list[str]) -> set[str]:
    """Which of `incident_ids` are among the filter's rows (a linked attack, the new ones ringed)."""
    found: set[str] = set()
    for chunk in in_lists(incident_ids):
        found |= set(_scalars(store, sa.select(t.incident_id).where(*conditions(flt), t.incident_id.in_(chunk))))
    return found


def located_ids(store, flt: IncidentFilter, box: Box | None = None, most: int | None = None) -> list[str] | None:
    """The located rows of the filter (in `box`), by id; None when there are more than `most`."""
    query = sa.select(t.incident_id).where(*conditions(flt, box=box, located=True))
    ids = _scalars(store, query.limit(most + 1) if most is not None else query)
    return None if most is not None and len(ids) > most else ids


def _period_start(dialect: str, bin_: str) -> sa.ColumnElement:
    """The first day of each row's week (weeks end on Sunday, as pandas' W-SUN), month or quarter."""
    if bin_ not in BINS:
        raise ValueError(f"not a period: {bin_!r}")
    if dialect == "postgresql":
        return sa.cast(sa.func.date_trunc(sa.literal_column(f"'{bin_}'"), t.event_date), sa.Date)
    months_in = sa.cast(sa.func.strftime("%m", t.event_date), sa.Integer)
    modifiers = {"week": ["'weekday 0'", "'-6 days'"], "month": ["'start of month'"],
                 "quarter": ["'start of month'", None]}[bin_]
    args = [sa.literal_column(m) if m else sa.literal_column("'-'") + sa.cast((months_in - 1) % 3, sa.String)
            + sa.literal_column("' months'") for m in modifiers]
    return sa.func.date(t.event_date, *args, type_=sa.Date)


def period_totals(store, flt: IncidentFilter, bin_: str) -> pd.DataFrame:
    """Over the counted rows, per period (its first day, `period_start`) and sector (None outside the sectors):
    attacks, fatalities, and killed and wounded per victim group (analysis.trends.period_totals)."""
    start = _period_start(store.engine.dialect.name, bin_).label("period_start")
    sums = [_total(sa.true(), t.fatalities_best).label("fatalities"),
            *(_total(sa.true(), t[f"{kind}_{g}"]).label(f"{kind}_{g}") for kind in ("killed", "wounded")
              for g in VICTIM_GROUPS)]
    query = (sa.select(start, t.sector, sa.func.count().label("attacks"), *sums)
             .where(*conditions(flt, counted=True)).group_by(start, t.sector))
    frame = _frame(store, query)
    frame["period_start"] = pd.to_datetime(frame["period_start"])
    return frame


def _floor(value: sa.ColumnElement, dialect: str) -> sa.ColumnElement:
    """floor() in SQL: SQLite's math functions are optional, CAST truncates towards zero."""
    if dialect == "postgresql":
        return sa.func.floor(value)
    whole = sa.cast(value, sa.Integer)
    return whole - sa.cast(value < whole, sa.Integer)


class Greatest(GenericFunction):
    """GREATEST(a, b, ...): max() with several arguments on SQLite."""

    name = "greatest"
    type = sa.Integer()
    inherit_cache = True


@compiles(Greatest, "sqlite")
def _greatest_sqlite(element: Greatest, compiler, **kw) -> str:
    return f"max({compiler.process(element.clauses, **kw)})"


# main_group_code's numbers: each group's rank (the first group highest), and NO_CASUALTIES above them all.
GROUP_RANKS = {len(VICTIM_GROUPS) - i: g for i, g in enumerate(VICTIM_GROUPS)}
NO_CASUALTIES = len(VICTIM_GROUPS) + 1
MAIN_GROUPS = GROUP_RANKS | {NO_CASUALTIES: "unknown"}  # main_group_code -> the group it names


def main_group_code() -> sa.ColumnElement:
    """analysis.tables.main_victim_group in SQL, as a number that MAIN_GROUPS names: the group with most casualties
    (killed first, then wounded; the first group on a tie), 'unknown' when none. Each group's weight (killed * 1000 +
    wounded, whole numbers up to MAX_COUNT: under a billion scaled, inside PostgreSQL's integer) is scaled and given
    its rank in the low digits, so that the greatest of them and NO_CASUALTIES, modulo the scale, is the winning
    group's rank, or NO_CASUALTIES when no weight is above 0: each weight computed once a row, where a CASE comparing
    each weight with the greatest computed them some forty times (a half year's grid cells at a million incidents,
    SQLite: 0.22-0.26 s -> 0.19 s)."""
    scale = NO_CASUALTIES + 1
    ranked = [(sa.func.coalesce(t[f"killed_{g}"], 0) * 1000 + sa.func.coalesce(t[f"wounded_{g}"], 0)) * scale + rank
              for rank, g in GROUP_RANKS.items()]
    return Greatest(sa.literal(NO_CASUALTIES), *ranked) % scale


def grid_cells(store, flt: IncidentFilter, degrees: float, colour_by: str | None = "victims",
               box: Box | None = None) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The counted, located rows of the filter (in `box`) grouped into square cells `degrees` wide (ui.viewport
    .grid_cells): per cell its mean point, attacks, killed (best estimates), wounded, first and last date; with a
    `colour_by` ("victims": the main victim group, "attack_type"), the attacks per cell and colour key, and the
    three places most named per cell (most first, then by name). One pass over the rows, grouped by cell, colour key
    and place (a few thousand groups at a million rows), summed up per cell here: SQLite groups by sorting, and a
    second pass for the places cost as much again."""
    dialect = store.engine.dialect.name
    keys = [_floor(t.latitude / degrees, dialect).label("cell_y"),
            _floor(t.longitude / degrees, dialect).label("cell_x")]
    if colour_by:
        keys += [(main_group_code() if colour_by == "victims" else t.attack_type).label("key"),
                 _place().label("place")]
    parts = _frame(store, sa.select(
        *keys, sa.func.count().label("attacks"), _total(sa.true(), t.fatalities_best).label("killed"),
        _total(sa.true(), t.wounded_total).label("wounded"), *_cell_sums())
        .where(*conditions(flt, counted=True, box=box, located=True)).group_by(*keys))
    if colour_by == "victims":
        parts["key"] = parts["key"].map(MAIN_GROUPS)
    return _summed_cells(parts, colour_by)


def _grid_columns(degrees: float) -> tuple[str, str]:
    """The names of an overview's cell keys in a grid `degrees` wide."""
    return f"cell_y {degrees:g}", f"cell_x {degrees:g}"


def _cell_keys(grids: tuple[float, ...], dialect: str) -> list[sa.ColumnElement]:
    """Each row's cell (row, column) in each grid, named as _grid_columns names them."""
    return [_floor(coordinate / degrees, dialect).label(name) for degrees in grids
            for coordinate, name in zip((t.latitude, t.longitude), _grid_columns(degrees))]


def _place() -> sa.ColumnElement:
    return sa.func.coalesce(t.location, t.place)


def _cell_sums() -> list[sa.ColumnElement]:
    """What grid_cells sums per group besides the attacks, killed and wounded: the coordinates (for the mean point)
    and the first and last date."""
    return [sa.func.sum(t.latitude).label("latitude"), sa.func.sum(t.longitude).label("longitude"),
            sa.func.min(t.event_date).label("first"), sa.func.max(t.event_date).label("last")]


def _summed_cells(parts: pd.DataFrame, colour_by: str | None) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """grid_cells' figures from its groups (`parts`: per cell_y, cell_x, and with a `colour_by` per key and place):
    per cell its mean point, attacks, killed, wounded, first and last date; the attacks per cell and key; the three
    places most named per cell."""
    cell = ["cell_y", "cell_x"]
    cells = parts.groupby(cell, as_index=False).agg(
        latitude=("latitude", "sum"), longitude=("longitude", "sum"), attacks=("attacks", "sum"),
        killed=("killed", "sum"), wounded=("wounded", "sum"), first=("first", "min"), last=("last", "max"))
    cells[["latitude", "longitude"]] = cells[["latitude", "longitude"]].div(cells["attacks"], axis=0)  # the means
    if colour_by is None or cells.empty:
        return cells, pd.DataFrame(), pd.DataFrame()
    colours = parts.groupby([*cell, "key"], as_index=False)["attacks"].sum().rename(columns={"attacks": "n"})
    places = (parts.groupby([*cell, "place"], as_index=False)["attacks"].sum().rename(columns={"attacks": "n"})
              .sort_values([*cell, "n", "place"], ascending=[True, True, False, True])  # by name as Python sorts
              .groupby(cell).head(3).reset_index(drop=True))
    return cells, colours, places


# -- work lists: what the review page lists, a page of ids each, never the whole table ---------------------------
def review_queue(store, most: int) -> dict:
    """The incidents waiting for review (status "extracted"): how many, how many of them await review before their
    figures count (AWAITING_REVIEW), and the ids of the first `most` in the order an analyst should review them: the
    least confident first (none, imported datasets, last), the latest first among equals."""
    waiting = [t.status == "extracted", *conditions(IncidentFilter())]
    totals = sa.select(sa.func.count(), _total(AWAITING_REVIEW)).where(*waiting)
    order = [t.confidence.is_(None), t.confidence, t.event_date.desc(), t.incident_id]
    with store.engine.connect() as conn:
        count, awaiting = conn.execute(totals).one()
        ids = list(conn.execute(sa.select(t.incident_id).where(*waiting).order_by(*order).limit(most)).scalars())
    return {"waiting": count, "awaiting": awaiting, "ids": ids}


def latest_ids(store, most: int, several_sources: bool = False) -> list[str]:
    """The ids of the `most` latest incidents (by event date; merged ones left out), latest first; `several_sources`:
    only those told by more than one report (what a split can take apart)."""
    query = sa.select(t.incident_id).where(*conditions(IncidentFilter()))
    if several_sources:
        query = query.where(t.report_count > 1)
    return _scalars(store, query.order_by(t.event_date.desc(), t.incident_id.desc()).limit(most))
