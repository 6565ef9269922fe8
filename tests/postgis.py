"""A throwaway PostgreSQL + PostGIS server for the storage tests, from Debian's packages (`./run test`
installs them): a fresh cluster in a temporary folder on a free local port, trust authentication on
loopback only, torn down afterwards. Run as the `postgres` user when the tests run as root (the
server refuses root)."""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

TEMPLATE = "frontline_template"


def server_binaries() -> Path | None:
    """The newest installed PostgreSQL's bin folder that has PostGIS beside it, or None."""
    for bindir in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name),
                         reverse=True):
        version = Path(bindir).parent.name
        if glob.glob(f"/usr/share/postgresql/{version}/extension/postgis.control"):
            return Path(bindir)
    return None


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@contextmanager
def postgis_server(port: int):
    """Start a cluster with a template database that has the PostGIS extension; yields the server URL
    prefix ("postgresql+psycopg://postgres@127.0.0.1:PORT/"). Raises RuntimeError, saying why, if it cannot."""
    bindir = server_binaries()
    if bindir is None:
        raise RuntimeError("PostgreSQL with PostGIS is not installed (apt-get install postgresql "
                           "postgresql-postgis); ./run test installs it")
    folder = Path(tempfile.mkdtemp(prefix="frontline-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    run = dict(check=True, capture_output=True, text=True)
    process = None
    try:
        subprocess.run(_as_server_user([str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                                        "--encoding=UTF8", "--no-sync"]), **run)
        # The server's log goes to a file: a pipe nobody reads would stop the server once it had logged 64 kB.
        log = folder / "server.log"
        with log.open("wb") as log_file:
            process = subprocess.Popen(_as_server_user([
                str(bindir / "postgres"), "-D", str(data), "-p", str(port), "-c", "listen_addresses=127.0.0.1",
                "-c", f"unix_socket_directories={folder}", "-c", "fsync=off", "-c", "max_connections=60"]),
                stdout=log_file, stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while subprocess.run([str(bindir / "pg_isready"), "-h", "127.0.0.1", "-p", str(port)],
                             capture_output=True).returncode != 0:
            if time.time() > deadline or process.poll() is not None:
                raise RuntimeError(f"PostgreSQL did not start: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.2)
        psql = [str(bindir / "psql"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-v", "ON_ERROR_STOP=1"]
        subprocess.run([*psql, "-d", "postgres", "-c", f"CREATE DATABASE {TEMPLATE}"], **run)
        subprocess.run([*psql, "-d", TEMPLATE, "-c", "CREATE EXTENSION postgis"], **run)
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/"
    except subprocess.CalledProcessError as exc:
        raise RuntimeError(f"PostgreSQL could not be set up: {exc.cmd[-1]}: {exc.stderr.strip()}") from exc
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


def fresh_database(server_url: str, name: str) -> str:
    """A new database with PostGIS, copied from the template; returns its SQLAlchemy URL."""
    import sqlalchemy as sa

    engine = sa.create_engine(server_url + "postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE {TEMPLATE}')
    engine.dispose()
    return server_url + name
