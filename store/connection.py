"""How the store reaches its database: which one (FRONTLINE_DATABASE_URL, else an SQLite file in the user's data
directory), the engine with each backend's session settings, and what to tell an analyst when it cannot be used.
Apart from store.database, whose reads and writes change for other reasons."""
from __future__ import annotations

import os
from pathlib import Path

import sqlalchemy as sa
from platformdirs import user_data_dir

ENV_URL = "FRONTLINE_DATABASE_URL"
SQLITE_BUSY_SECONDS = 60


def default_url() -> str:
    """FRONTLINE_DATABASE_URL, else an SQLite file in the user's data directory."""
    if os.environ.get(ENV_URL):
        return os.environ[ENV_URL]
    path = Path(user_data_dir("frontline-watch")) / "frontline.sqlite"
    return f"sqlite:///{path}"


def database_problem(exc: Exception, url: str) -> str:
    """One line for an analyst: what is wrong with the database and what to do (never a traceback; the
    password masked)."""
    shown = sa.engine.make_url(url).render_as_string(hide_password=True)
    cause = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
    if "not a database" in cause or "malformed" in cause:
        return (f"the database {shown} is damaged or is not a database ({cause}): restore it from a backup "
                "(docs/deploy.md), or move it aside and the next run starts an empty one")
    if "unable to open" in cause:
        return f"cannot open the database {shown} ({cause}): check that its folder exists and can be written"
    return (f"the database {shown} cannot be used ({cause}): check --database or {ENV_URL}, and that the "
            "server is running")


def engine_for(url: str) -> sa.Engine:
    """The engine of `url`, each connection set up for the store (_sqlite_pragmas, _postgresql_settings)."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).expanduser().parent.mkdir(parents=True, exist_ok=True)
    # SQLite: wait up to SQLITE_BUSY_SECONDS for another process's write to finish instead of failing.
    engine = sa.create_engine(url, connect_args={"timeout": SQLITE_BUSY_SECONDS} if url.startswith("sqlite") else {})
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    elif engine.dialect.name == "postgresql":
        sa.event.listen(engine, "connect", _postgresql_settings)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # With WAL, NORMAL keeps the database consistent on a crash; a power cut may lose the last commits.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _postgresql_settings(dbapi_connection, _record) -> None:
    """No JIT compilation: the planner compiles a query it expects to cost much, and at a million incidents the
    dashboard's new-since list spent 0.42 s of its 1.1 s compiling (each of its rows takes microseconds)."""
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SET jit = off")
    dbapi_connection.commit()
