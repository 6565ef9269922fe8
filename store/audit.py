"""The audit trail: every analyst action is recorded with who, when, and the stored rows it touched as
they were before and after (incidents, their sources, place fixes), so that it can be read back and
undone. Undoing restores the "before" rows and is itself recorded; an action whose incidents have
changed since (a later edit, a new report merged in) cannot be undone until the later change is.

Ingests and changes to the watched feeds are recorded too (who, when, what), without rows to restore: they
are not undone from here. Only the person who took an action, or an admin, may undo it (store.access).

The functions work inside the caller's write transaction (IncidentStore), so an action and its record
land together or not at all.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from store.access import Person, default_analyst, local_person
from store import told
from store.schema import edits_table, incidents_table, place_fixes_table, sources_table

_KEYS = {"incidents": ("incident_id",), "sources": ("report_id", "mention"), "place_fixes": ("name_key",)}
_TABLES = {"incidents": incidents_table, "sources": sources_table, "place_fixes": place_fixes_table}
# The review actions, which keep the rows before and after and can be undone; other records (ingest, feed
# changes) say what happened only.
UNDOABLE = ("status", "place", "split", "correct", "merge", "revise")
REVIEW = (*UNDOABLE, "undo")  # what the trail shows by default: ingests can be thousands a day
NOTHING = {"incidents": [], "sources": [], "place_fixes": []}


@dataclass(frozen=True)
class Edit:
    """One record of the audit trail (what `history` reads back)."""


    id: int
    at: datetime
    analyst: str
    action: str
    summary: str
    incident_ids: list[str]
    undone_by: int | None


def _to_json(row: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, (date, datetime)) else v for k, v in row.items()}


def _from_json(table: sa.Table, row: dict) -> dict:
    out = {}
    for key, value in row.items():
        kind = table.c[key].type
        if value is not None and isinstance(kind, sa.DateTime):
            value = datetime.fromisoformat(value)
        elif value is not None and isinstance(kind, sa.Date):
            value = date.fromisoformat(value)
        out[key] = value
    return out


def _rows(conn: Connection, table: sa.Table, clause) -> list[dict]:
    """The rows as JSON, less what store.told keeps (computed again from the sources after an undo)."""
    columns = [c for c in table.c if table is not incidents_table or c.name not in told.TOLD_COLUMNS]
    return [_to_json(dict(r._mapping)) for r in conn.execute(sa.select(*columns).where(clause))]


def snapshot(conn: Connection, incident_ids: list[str], name_keys: list[str] = ()) -> dict:
    """The stored rows of these incidents, all their sources, and these place fixes."""
    return {"incidents": _rows(conn, incidents_table, incidents_table.c.incident_id.in_(incident_ids)),
            "sources": _rows(conn, sources_table, sources_table.c.incident_id.in_(incident_ids)),
            "place_fixes": _rows(conn, place_fixes_table, place_fixes_table.c.name_key.in_(list(name_keys)))}


def record(conn: Connection, action: str, summary: str, incident_ids: list[str], before: dict, after: dict,
           analyst: str | None = None) -> int:
    return conn.execute(edits_table.insert().values(
        at=datetime.now(timezone.utc), analyst=analyst or default_analyst(), action=action, summary=summary,
        incident_ids=sorted(set(incident_ids)), before=before, after=after)).inserted_primary_key[0]


def record_event(conn: Connection, action: str, summary: str, by: Person, incident_ids: list[str] = ()) -> int:
    """Record an action that is not undone from the trail (an ingest, a feed change): who, when, what."""
    return record(conn, action, summary, list(incident_ids), NOTHING, NOTHING, by.name)


def _keyed(kind: str, rows: list[dict]) -> dict[tuple, dict]:
    return {tuple(r[k] for k in _KEYS[kind]): r for r in rows}


def _restore(conn: Connection, before: dict, after: dict) -> None:
    """Put every row back as it was in `before`; rows the action created (in `after` only) go."""
    for kind in ("incidents", "place_fixes", "sources"):  # incidents exist before sources point at them
        table, keys = _TABLES[kind], _KEYS[kind]
        old = _keyed(kind, before[kind])
        for key, row in old.items():
            where = sa.and_(*[table.c[k] == v for k, v in zip(keys, key)])
            values = _from_json(table, {k: v for k, v in row.items() if k not in keys})
            if conn.execute(table.update().where(where).values(**values)).rowcount == 0:
                conn.execute(table.insert().values(**_from_json(table, row)))
    for kind in ("sources", "place_fixes", "incidents"):  # created rows: sources before their incidents
        table, keys = _TABLES[kind], _KEYS[kind]
        for key in _keyed(kind, after[kind]).keys() - _keyed(kind, before[kind]).keys():
            conn.execute(table.delete().where(sa.and_(*[table.c[k] == v for k, v in zip(keys, key)])))


def undo(conn: Connection, edit_id: int, by: Person | None = None) -> int:
    """Undo one recorded action (`by` its author, or an admin); returns the id of the edit that records the undo."""
    by = by or local_person()
    by.require("undo")
    edit = conn.execute(sa.select(edits_table).where(edits_table.c.id == edit_id)).first()
    if edit is None:
        raise ValueError(f"no edit #{edit_id}")
    if edit.analyst != by.name:
        by.require("undo others")
    if edit.action not in UNDOABLE:
        raise ValueError(f"edit #{edit_id} ({edit.action}) is a record only: it cannot be undone from the trail")
    if edit.undone_by is not None:
        raise ValueError(f"edit #{edit_id} was already undone (by #{edit.undone_by})")
    ids = sorted({r["incident_id"] for r in edit.after["incidents"] + edit.before["incidents"]})
    keys = sorted({r["name_key"] for r in edit.after["place_fixes"] + edit.before["place_fixes"]})
    now = snapshot(conn, ids, keys)
    if any(_keyed(k, now[k]) != _keyed(k, edit.after[k]) for k in _KEYS):
        raise ValueError(f"the incidents of edit #{edit_id} have changed since; undo the later edits first")
    _restore(conn, edit.before, edit.after)
    told.refresh(conn, ids)
    undo_id = record(conn, "undo", f"undid #{edit_id}: {edit.summary}", ids, now, snapshot(conn, ids, keys), by.name)
    conn.execute(edits_table.update().where(edits_table.c.id == edit_id).values(undone_by=undo_id))
    return undo_id


def history(conn: Connection, limit: int = 50, incident_id: str | None = None,
            actions: tuple[str, ...] | None = REVIEW) -> list[Edit]:
    """The latest edits first (of one incident, if given), of these `actions` (None: every record, ingests and
    feed changes too)."""
    t = edits_table.c
    query = sa.select(t.id, t.at, t.analyst, t.action, t.summary, t.incident_ids, t.undone_by).order_by(t.id.desc())
    if actions:
        query = query.where(t.action.in_(actions))
    if incident_id is None:
        query = query.limit(limit)
    rows = [Edit(**r._mapping) for r in conn.execute(query)]
    if incident_id is not None:
        rows = [e for e in rows if incident_id in e.incident_ids]
    return rows[:limit]
