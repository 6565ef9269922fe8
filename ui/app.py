"""Streamlit helpers shared by the dashboard's pages: the store, its data version, and every figure read through
a cache keyed on that version and the query; who is signed in; text made safe for the page. The view kept in the link
is ui.link's, the sidebar's filter widgets ui.sidebar's; the figures themselves are computed in `store.figures` and
`analysis`."""
from __future__ import annotations

import re
from datetime import datetime

import pandas as pd
import sqlalchemy as sa
import streamlit as st
from alembic.util.exc import CommandError as AlembicError
from sqlalchemy.exc import SQLAlchemyError
from streamlit.runtime.pages_manager import PagesManager

from analysis.tables import search as search_table
from exchange.export_files import remove_expired
from store import figures
from store.access import Person
from store.connection import database_problem, default_url
from store.database import IncidentStore
from store.query import IncidentFilter
from ui.identity import NotSignedIn, TeamError, identify, identify_claims, load_team
from ui.map_assets import STATIC_DIR, install_static_assets
from ui.views import Selection
from watch.records import incidents_new_since, newest_since

COUNT_AWAITING = "Count attacks awaiting review"  # the sidebar's switch (ui.sidebar), named in the pages' notes
SESSION_STARTED = "session_started"  # session key: this browser session has run a page
OPENING_RUN = "opening_run"  # session key: this run is the session's first (see opening_run)
DATA_VERSION = "data_version"  # session key: the stored data's version as this run read it (see data_version)
_writes: dict[str, int] = {}  # database URL -> commits this process made through the dashboard's store
# Every page (dashboard.py sends it): Streamlit keeps 6rem above a page for its header, blank on a desktop. The page
# starts 1rem down; on a phone (Streamlit's layout below 640 px) under the header's sidebar toggle, which stays
# visible. The header, empty on a desktop, lets clicks through to what is under it (a figure's help). A markdown
# element holding only a style (such as this one) takes no room: its gap pushed the page down too.
PAGE_CSS = """<style>
  [data-testid="stMainBlockContainer"] { padding-top: 1rem; }
  @media (max-width: 640px) { [data-testid="stMainBlockContainer"] { padding-top: 4rem; } }
  [data-testid="stElementContainer"]:has([data-testid="stMarkdownContainer"] > style:only-child) { display: none; }
  [data-testid="stHeader"] { pointer-events: none; }
  [data-testid="stHeader"] button, [data-testid="stHeader"] a { pointer-events: auto; }
</style>"""


@st.cache_resource
def _store(url: str) -> IncidentStore:
    install_static_assets(STATIC_DIR)  # the map's scripts, served locally
    store = IncidentStore(url)
    sa.event.listen(store.engine, "commit",  # this process wrote: the data's version is read again
                    lambda _connection: _writes.update({store.url: _writes.get(store.url, 0) + 1}))
    return store


def _leave_pages_folder_mode() -> None:
    """A page opened by its link (/Incidents) before any page of the server has run through dashboard.py runs
    in Streamlit's older multipage mode, which lists every script of pages/ and the main script too (an extra
    "dashboard" entry). On a session's first run, leave that mode, as st.navigation does, and run again
    through dashboard.py: the sidebar then lists the named pages only. (Later runs are left alone: a rerun
    would drop the click that started them; only Streamlit's AppTest runs pages so.)"""
    if PagesManager.uses_pages_directory and SESSION_STARTED not in st.session_state:
        PagesManager.uses_pages_directory = False
        st.rerun()
    st.session_state[OPENING_RUN] = SESSION_STARTED not in st.session_state
    st.session_state[SESSION_STARTED] = True


def opening_run() -> bool:
    """Whether this run is the browser session's first (the page just opened): the map page then draws its
    figures and map before anything else, and its filter widgets on the next run, which the map asks for
    itself once drawn (it reports its view). The widgets' scripts and drawing held the map back by about half
    a second on every opening."""
    return st.session_state.get(OPENING_RUN, False)


def get_store() -> IncidentStore:
    """The store; when its database cannot be used (a damaged file, a server down), one line saying what
    to do, and the page stops."""
    _leave_pages_folder_mode()
    try:
        store = _store(default_url())
        remove_expired(STATIC_DIR / "exports")  # prepared downloads an hour old: their visitors left
        st.session_state.pop(DATA_VERSION, None)
        data_version(store)  # reads both tables: a damaged file shows here, not halfway down a page
    except (SQLAlchemyError, AlembicError) as exc:
        _store.clear()
        st.error(database_problem(exc, default_url()))
        st.stop()
    return store


def data_version(store: IncidentStore) -> tuple:
    """The stored data's version (the key of every cached read), read once per run: get_store reads it at the
    start of each run, and again only after this process wrote to the store: a run of the map page asked for it
    five times (a read takes about 2 ms at 100,000 incidents since updated_at is indexed; 30-70 ms before)."""
    url, writes, version = st.session_state.get(DATA_VERSION, (None, None, None))
    if url != store.url or writes != _writes.get(store.url, 0):
        version = store.version()
        st.session_state[DATA_VERSION] = (store.url, _writes.get(store.url, 0), version)
    return version


@st.cache_data(max_entries=256, show_spinner=False)
def _computed(url: str, version: tuple, function: str, key: str, _args: tuple):
    return _FUNCTIONS[function](_store(url), *_args)


_FUNCTIONS = {f"{f.__module__}.{f.__qualname__}": f for f in (
    figures.overview, figures.count, figures.date_span, figures.event_days, figures.values, figures.matching,
    figures.located_ids, figures.period_totals, figures.grid_cells, figures.review_queue, figures.latest_ids,
    IncidentStore.table, incidents_new_since, newest_since)}


def computed(store: IncidentStore, function, *args):
    """`function(store, *args)` (a store.figures function, IncidentStore.table or the new incidents: a small result),
    computed by the database once per change of the stored data and of its arguments (the filter, the view), then
    cached: every analyst, and every rerun, asking the same reads it from memory."""
    return _computed(store.url, data_version(store), f"{function.__module__}.{function.__qualname__}", repr(args),
                     args)


@st.cache_resource(max_entries=2, show_spinner="Searching…")
def _filtered(url: str, version: tuple, key: str, _flt: IncidentFilter) -> pd.DataFrame:
    return _store(url).table(_flt)


def selection(store: IncidentStore, flt: IncidentFilter, words: str = "", details=()) -> Selection:
    """The attacks of `flt` (ui.views.Selection), figures from the database through the cache; with search `words`,
    the filter's rows read (once per data version and filter) and searched in memory (`details`: the attacks drawn,
    whose sentences the search reads too)."""
    rows = None
    if words.strip():
        table = _filtered(store.url, data_version(store), repr(flt), flt)
        rows = table[search_table(table, words, details)]
    return Selection(store, flt, rows, compute=lambda function, *args: computed(store, function, *args))


def new_incidents(store: IncidentStore, since: datetime, flt: IncidentFilter, among: list[str] | None = None,
                  limit: int | None = None) -> pd.DataFrame:
    """The incidents new since `since` under `flt` (watch.records.incidents_new_since: among those drawn, the
    newest `limit`), read once per change of the stored data, not on every rerun."""
    return computed(store, incidents_new_since, since, flt, among, limit)


def newest_new(store: IncidentStore, since: datetime, flt: IncidentFilter, limit: int) -> tuple[pd.DataFrame, int]:
    """The newest `limit` incidents new since `since` under `flt` and how many there are (watch.records.newest_since),
    read once per change of the stored data."""
    return computed(store, newest_since, since, flt, limit)


def awaiting_note(awaiting: int, flt: IncidentFilter, shown: str = "these figures") -> str:
    """A page's line on the `awaiting` attacks awaiting review under its filter (the headline's awaiting_review):
    how many, and whether what the page `shown` counts them ("" when there are none)."""
    if not awaiting:
        return ""
    if flt.count_awaiting:
        return f"{awaiting:,} attack(s) awaiting review are counted here ({COUNT_AWAITING.lower()}: on)."
    return (f"{awaiting:,} attack(s) awaiting review are left out of {shown} until an analyst accepts them "
            f"(sidebar: {COUNT_AWAITING.lower()}).")


def stored_count(store: IncidentStore) -> int:
    """Incidents stored (merged ones left out, as IncidentStore.count)."""
    return computed(store, figures.count, IncidentFilter())


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def shorter(text: str, most: int = 60) -> str:
    """A text the analyst typed or a link carried, cut for a line of the page."""
    return text if len(text) <= most else text[:most - 1] + "…"


def plain(text: str) -> str:
    """Text from a report, safe inside Streamlit's Markdown: every Markdown character escaped, so a title
    or sentence can neither format itself nor pull an image or link from elsewhere."""
    return _MARKDOWN.sub(r"\\\1", str(text))


def current_person() -> Person:
    """Who is using the dashboard, and their role (ui.identity: the local user on one's own machine, else the
    team's login proxy's header, or Streamlit's OpenID Connect login, whose button is offered first); when the
    request carries no identity the team's settings trust, the page says why and stops. Read from the settings and
    the request on each run: a changed role applies at once."""
    try:
        team = load_team()
        if team is not None and team.oidc:
            if not st.user.is_logged_in:
                st.info("Sign in with your team's account to use the dashboard.")
                st.button("Sign in", on_click=st.login, type="primary")
                st.stop()
            return identify_claims(team, st.user.to_dict())
        headers = st.context.headers
        return identify(team, headers.get_all(team.header) if team and team.header else [],
                        headers.get_all(team.groups_header) if team and team.groups_header else [],
                        st.get_option("server.address"))
    except (TeamError, NotSignedIn) as exc:
        st.error(plain(exc))
        st.stop()


def refused(exc: PermissionError) -> None:
    """Say why an action was refused (store.access.Refused), on the page that asked for it."""
    st.error(plain(exc))
