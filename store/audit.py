"""The audit trail: every analyst action is recorded with who, when, and the stored rows it touched as
they were before and after (incidents, their sources, place fixes), so that it can be read back and
undone. Undoing restores the "before" rows and is itself recorded; an action whose incidents have
changed since (a later edit, a new report merged in) cannot be undone until the later change is.

The functions work inside the caller's write transaction (IncidentStore), so an action and its record
land together or not at all.
"""
from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from datetime import date, datetime, timezone

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from store.schema import edits_table, incidents_table, place_fixes_table, sources_table

ANALYST_ENV = "FRONTLINE_ANALYST"
_KEYS = {"incidents": ("incident_id",), "sources": ("report_id", "mention"), "place_fixes": ("name_key",)}
_TABLES = {"incidents": incidents_table, "sources": sources_table, "place_fixes": place_fixes_table}


def default_analyst() -> str:
    """Who is acting: FRONTLINE_ANALYST, else the login name of the process."""
    try:
        return os.environ.get(ANALYST_ENV) or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


@dataclass(frozen=True)
class Edit:
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
    columns = [c for c in table.c]
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


def undo(conn: Connection, edit_id: int, analyst: str | None = None) -> int:
    """Undo one recorded action; returns the id of the edit that records the undo."""
    edit = conn.execute(sa.select(edits_table).where(edits_table.c.id == edit_id)).first()
    if edit is None:
        raise ValueError(f"no edit #{edit_id}")
    if edit.undone_by is not None:
        raise ValueError(f"edit #{edit_id} was already undone (by #{edit.undone_by})")
    ids = sorted({r["incident_id"] for r in edit.after["incidents"] + edit.before["incidents"]})
    keys = sorted({r["name_key"] for r in edit.after["place_fixes"] + edit.before["place_fixes"]})
    now = snapshot(conn, ids, keys)
    if any(_keyed(k, now[k]) != _keyed(k, edit.after[k]) for k in _KEYS):
        raise ValueError(f"the incidents of edit #{edit_id} have changed since; undo the later edits first")
    _restore(conn, edit.before, edit.after)
    undo_id = record(conn, "undo", f"undid #{edit_id}: {edit.summary}", ids, now, snapshot(conn, ids, keys), analyst)
    conn.execute(edits_table.update().where(edits_table.c.id == edit_id).values(undone_by=undo_id))
    return undo_id


def history(conn: Connection, limit: int = 50, incident_id: str | None = None) -> list[Edit]:
    """The latest edits first (of one incident, if given)."""
    t = edits_table.c
    query = sa.select(t.id, t.at, t.analyst, t.action, t.summary, t.incident_ids, t.undone_by).order_by(t.id.desc())
    if incident_id is None:
        query = query.limit(limit)
    rows = [Edit(**r._mapping) for r in conn.execute(query)]
    if incident_id is not None:
        rows = [e for e in rows if incident_id in e.incident_ids]
    return rows[:limit]
