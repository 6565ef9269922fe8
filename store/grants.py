"""A team's database roles (PostgreSQL): the dashboard and the watcher connect as an application role that reads and
writes incidents, reports and the watcher's records but only appends to the audit trail (INSERT; UPDATE of
`undone_by` alone, which the append-only trigger of migration 0011 lets go from empty to a value once), and can
neither migrate nor drop anything: the owner role, which creates and upgrades the tables, stays with the
administrator (docs/deploy.md, Database roles). `frontline grant-app-role ROLE`, run as the owner after each
upgrade, gives the role exactly that.
"""
from __future__ import annotations

import re

import sqlalchemy as sa

AUDIT = "edits"
READ_ONLY = ("alembic_version", "spatial_ref_sys")  # the schema's version; PostGIS's reference systems
_ROLE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def app_role_grants(role: str, database: str, tables: list[str]) -> list[str]:
    """The statements that give `role` the application's rights on `database`'s `tables` (every table of its
    schema), after taking back whatever it had on them."""
    if not _ROLE.match(role):
        raise ValueError(f"{role!r} is not a plain role name (lower-case letters, digits and _)")
    quoted = ", ".join(f'"{t}"' for t in tables)
    writable = ", ".join(f'"{t}"' for t in tables if t not in (AUDIT, *READ_ONLY))
    database = database.replace('"', '""')
    statements = [f'GRANT CONNECT ON DATABASE "{database}" TO {role}',
                  f"GRANT USAGE ON SCHEMA public TO {role}",
                  f"REVOKE ALL ON {quoted} FROM {role}",
                  f"GRANT SELECT ON {quoted} TO {role}",
                  f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}"]
    if writable:
        statements.append(f"GRANT INSERT, UPDATE, DELETE ON {writable} TO {role}")
    if AUDIT in tables:
        statements += [f"GRANT INSERT ON {AUDIT} TO {role}", f"GRANT UPDATE (undone_by) ON {AUDIT} TO {role}"]
    return statements


def grant_app_role(engine: sa.Engine, role: str) -> None:
    """Give the existing `role` the application's rights on this database (run as the owner, on an upgraded
    store)."""
    if engine.dialect.name != "postgresql":
        raise ValueError("database roles are for a team's PostgreSQL server; an SQLite file has none")
    with engine.begin() as conn:
        if conn.execute(sa.text("SELECT 1 FROM pg_roles WHERE rolname = :role"), {"role": role}).first() is None:
            raise ValueError(f"no role {role!r} on this server: CREATE ROLE {role} LOGIN PASSWORD '...' first")
        tables = sorted(sa.inspect(conn).get_table_names(schema="public"))
        database = conn.execute(sa.text("SELECT current_database()")).scalar_one()
        for statement in app_role_grants(role, database, tables):
            conn.exec_driver_sql(statement)
