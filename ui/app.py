"""Streamlit helpers shared by the dashboard's pages: the store, and the sidebar filters kept in the
URL query string so that a link reproduces exactly what an analyst sees. Layout only: the filter
itself and its URL form live in `store.query`, every figure in `analysis`."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime

import pandas as pd
import sqlalchemy as sa
import streamlit as st
from alembic.util.exc import CommandError as AlembicError
from sqlalchemy.exc import SQLAlchemyError
from streamlit.runtime.pages_manager import PagesManager

from geo import get_boundaries
from exchange.export_files import remove_expired
from analysis.tables import search as search_table
from incidents.confidence import COUNTED_FROM
from store.access import Person
from incidents.model import ATTACK_TYPES, PERPETRATORS, VICTIM_GROUPS
from store.query import AREAS, OPENING_VIEW, IncidentFilter, date_window
from analysis.labels import (DATASET_LABELS, GROUP_LABELS, PERPETRATOR_LABELS, STATUS_LABELS,
                              TYPE_LABELS)
from store import figures
from store.connection import database_problem, default_url
from store.database import IncidentStore
from ui.date_controls import date_controls, requested_window
from ui.identity import NotSignedIn, TeamError, identify, identify_claims, load_team
from ui.map_assets import STATIC_DIR, install_static_assets
from ui.views import Selection
from watch.records import incidents_new_since, newest_since

DEFAULT_STATUSES = OPENING_VIEW.statuses
# The area filter's choices; the dashboard opens on the study area (the analysts' frontline).
AREA_CHOICES = {AREAS["study"]: "study", "Outside them": "outside", "Everywhere": None}
DEFAULT_AREA = OPENING_VIEW.area
COUNT_AWAITING = "Count attacks awaiting review"
COUNT_AWAITING_HELP = ("An extracted attack whose figures are in question (a figure above what any attack has "
                       f"reached, or a confidence below {COUNTED_FROM:g}) is on the map, grey-ringed, and in the "
                       "review queue, but left out of the figures, charts, sector shading and downloads until an "
                       "analyst accepts it. Switch on to count them too.")
LINK_NOTICE = "link_notice"  # session key: what the opening link asked for that was left out
LAST_FILTER = "last_filter_query"  # session key: the filter's URL query, carried from page to page
SESSION_STARTED = "session_started"  # session key: this browser session has run a page
OPENING_RUN = "opening_run"  # session key: this run is the session's first (see opening_run)
DATA_VERSION = "data_version"  # session key: the stored data's version as this run read it (see data_version)
_writes: dict[str, int] = {}  # database URL -> commits this process made through the dashboard's store
MORE_FILTERS = "more_filters"  # widget key: the less used filters are shown
SEARCH = "search"  # widget key: the map's search box; its words travel in the link as ?q= (LINK_SEARCH)
LINK_SEARCH = "q"
SEARCHED = "searched_words"  # session key: the search's words, kept while a page without the box shows
MAX_SEARCH = 200  # characters of a search kept from a link
LINK_INCIDENT, FOCUS = "incident", "focus"  # the link's attack to open; session key: the attack the map shows
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


def query_incident() -> str | None:
    """The attack a link asks the map to open (`?incident=`)."""
    return st.query_params.get(LINK_INCIDENT)


def hold_incident(incident_id: str | None) -> None:
    """The attack the map shows (from a link or picked in the list), kept in the link: shared, it reopens it."""
    st.session_state[FOCUS] = incident_id
    if incident_id and query_incident() != incident_id:
        st.query_params[LINK_INCIDENT] = incident_id
    elif not incident_id and LINK_INCIDENT in st.query_params:
        del st.query_params[LINK_INCIDENT]


def shown_incident() -> str | None:
    """The attack the map showed on the run before (hold_incident)."""
    return st.session_state.get(FOCUS)


def _url_query() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def _url_filter() -> tuple[IncidentFilter, list[str]]:
    """The filter in the link; when the link carries none (Streamlit drops the query on a move between
    pages), the one this session last used, put back in the link: the view follows the analyst."""
    query = _url_query()
    if not query and st.session_state.get(LAST_FILTER):
        query = st.session_state[LAST_FILTER]
        st.query_params.from_dict(query)
        st.session_state.pop(LINK_NOTICE, None)  # a move to another page: the notice was the opened link's
    flt, left_out = IncidentFilter.read_query(query)
    if SEARCHED not in st.session_state:  # the session's first page: the link's search (the box keeps it after)
        st.session_state[SEARCHED] = _search_text((query.get(LINK_SEARCH) or [""])[0])
    # The study area unless the link names a valid one ("area=nowhere" falls back, as other bad values do).
    chosen = flt.area is not None or query.get("area") == ["all"]
    return (flt if chosen else replace(flt, area=DEFAULT_AREA)), left_out


def keep_filter_in_link() -> None:
    """On a page without the filters: the link keeps the view's filter (the one it came with, else the one
    this session last used), so it is not lost here and the next page opens on it."""
    query = _url_query()
    if query:
        st.session_state[LAST_FILTER] = query
    elif st.session_state.get(LAST_FILTER):
        st.query_params.from_dict(st.session_state[LAST_FILTER])


def link_query(flt: IncidentFilter, search: bool = False) -> dict[str, str | list[str]]:
    """The filter's URL query, and with `search` (the map page, the one page that applies it) the search's
    words; the dashboard opens on the study area, so a link says when it wants all."""
    query = flt.to_query()
    if flt.area is None:
        query["area"] = "all"
    if search and st.session_state.get(SEARCHED):
        query[LINK_SEARCH] = st.session_state[SEARCHED]
    if search and shown_incident():
        query[LINK_INCIDENT] = shown_incident()
    return query


def search_words() -> str:
    """The map's search words: the box's, else (the box not drawn yet, or another page showed) the session's or
    the opening link's."""
    return st.session_state.get(SEARCHED, "")


def _search_text(text) -> str:
    """Search words as kept, from the box or a link: trimmed, at most MAX_SEARCH characters."""
    return str(text or "").strip()[:MAX_SEARCH]


def _typed_search() -> None:
    st.session_state[SEARCHED] = _search_text(st.session_state.get(SEARCH))


def search_box(where, label: str, **widget) -> None:
    """The map's search box, showing the words in effect: Streamlit forgets a box's value while another page
    shows, so the words are kept apart (SEARCHED) and given back to it."""
    st.session_state[SEARCH] = st.session_state.get(SEARCHED, "")
    where.text_input(label, key=SEARCH, on_change=_typed_search, max_chars=MAX_SEARCH, **widget)


def _save(flt: IncidentFilter, search: bool) -> None:
    """Write the filter to the URL when it changed, and remember it for the other pages."""
    wanted = {k: v if isinstance(v, list) else [v] for k, v in link_query(flt, search).items()}
    st.session_state[LAST_FILTER] = wanted
    if wanted != _url_query():
        st.query_params.from_dict(wanted)


def sidebar_filter(store: IncidentStore, draw: bool = True, search: bool = False) -> IncidentFilter:
    """The filter widgets, initialised from the URL and written back to it (with the search's words, on the
    page that applies them: `search`). Not `draw`n (the map page's opening run, see opening_run), the filter is
    the link's, and the sidebar says the widgets are coming."""
    current, left_out = _url_filter()
    current = replace(current, statuses=current.statuses or DEFAULT_STATUSES)  # none given: the default ones
    everything = IncidentFilter(statuses=current.statuses)
    first, latest = date_window(computed(store, figures.date_span, everything))
    last = max(latest, date.today())  # the controls reach today: a window after the latest attack is empty
    sidebar = st.sidebar
    sidebar.header("Filters")
    start = max(first, min(current.date_from or first, last))
    end = min(last, max(current.date_to or last, start))
    left_out += _dates_moved(current, (start, end), (first, last))
    start, end = requested_window() or (start, end)  # a preset, a step or play
    if draw:  # Play skips windows with no attack under the link's other filters and the search
        undated, words = replace(current, date_from=None, date_to=None), st.session_state.get(SEARCHED)
        if search and words:  # its places, districts and outlets (not the sentences)
            days = lambda: sorted(set(selection(store, undated, words).rows["event_date"].dt.date))  # noqa: E731
        else:
            days = lambda: computed(store, figures.event_days, undated)  # noqa: E731
        start, end = date_controls(sidebar, (start, end), first, last, days, latest)
    origins = computed(store, figures.values, everything, "origin")
    # Every sector, a quiet one too: a click on it on the map must filter to it, not be ignored.
    sectors = sorted({*get_boundaries().sectors["name"], *computed(store, figures.values, everything, "sector")})
    governorates = computed(store, figures.values, everything, "admin1")
    choices = {"sectors": sectors, "admin1": governorates, "origins": origins, "outlets": store.outlets()}
    current, not_offered = current.fitted(choices)
    linked = query_incident()
    if linked and not computed(store, figures.matching, everything, [linked]):
        stored = bool(computed(store, figures.matching, IncidentFilter(), [linked]))  # rejected ones too
        not_offered.append(f"incident={linked[:40]} " + ("(its review status is not shown: More filters)" if stored
                                                         else "(not stored here)"))
    if left_out + not_offered:  # kept while the link's view is shown: the map's rerun rewrites the link without them
        st.session_state[LINK_NOTICE] = ("Left out of this link: " + ", ".join(left_out + not_offered), None)
    if not draw:
        if left_out + not_offered:
            sidebar.warning(plain(st.session_state[LINK_NOTICE][0]))  # the link's values, shown as typed
        sidebar.caption("The filters are shown once the map is drawn…")
        flt = replace(current, date_from=start if start > first else None, date_to=end if end < last else None)
        _save(flt, search)
        return flt
    notice_slot = sidebar.empty()  # filled once the widgets say whether the analyst changed the view
    box = current.box  # an alert's link may keep the view to a box: said, and one click drops it
    if box and sidebar.button("Drop the link's box", help="The link keeps the attacks inside the box west, south, "
                              "east, north " + ", ".join(f"{v:g}" for v in box)):
        box = None
    sectors_chosen = tuple(sidebar.multiselect("Sector", sectors, default=[s for s in current.sectors if s in sectors]))
    area = AREA_CHOICES[sidebar.radio("Area", list(AREA_CHOICES), index=list(AREA_CHOICES.values()).index(
        current.area), help="The frontline sectors: the disputed districts (UNAMI 2009), Mandali and Kalar; "
                            "an attack not yet placed counts in them")]
    minimum = sidebar.number_input("Minimum fatalities", min_value=0, value=current.min_fatalities or 0) or None
    count_awaiting = sidebar.toggle(COUNT_AWAITING, value=current.count_awaiting, help=COUNT_AWAITING_HELP)
    more = _more_filters(sidebar, current, choices)
    flt = replace(more, date_from=start if start > first else None, date_to=end if end < last else None,
                  sectors=sectors_chosen, area=area, min_fatalities=minimum, box=box, count_awaiting=count_awaiting)
    notice, view = st.session_state.get(LINK_NOTICE, (None, None))
    if notice and view in (None, link_query(flt)):
        st.session_state[LINK_NOTICE] = (notice, link_query(flt))
        notice_slot.warning(plain(notice))
    else:  # the analyst changed a filter: the notice was about the link, no longer the view
        st.session_state.pop(LINK_NOTICE, None)
    _save(flt, search)
    return flt


def _dates_moved(asked: IncidentFilter, shown: tuple[date, date], span: tuple[date, date]) -> list[str]:
    """What the link's dates became when they lay outside the days offered (the first attack's to today) or the
    wrong way round, said like the link's other values ("from=2099-01-01 (after today: 2025-06-02)")."""
    moved = []
    if asked.date_from and asked.date_from > span[1]:
        moved.append(f"from={asked.date_from} (after today: {span[1]})")
    if asked.date_to and asked.date_to < span[0]:
        moved.append(f"to={asked.date_to} (before the first attack: {span[0]})")
    if asked.date_from and asked.date_to and asked.date_to < asked.date_from:
        moved.append(f"to={asked.date_to} (before from: read as {shown[1]})")
    return moved


def _more_filters(sidebar, current: IncidentFilter, choices: dict[str, list[str]]) -> IncidentFilter:
    """The filters used less often (governorate, victims, perpetrator, type, source, review status, dataset),
    drawn only when the analyst opens them, or when the link sets one: eight multiselects cost the page
    about a second of drawing in the browser before the map. Closed, the link's values still apply, and the
    switch says how many are set."""
    chosen = {"admin1": current.admin1, "victim_groups": current.victim_groups,
              "perpetrators": current.perpetrators, "attack_types": current.attack_types,
              "outlets": current.outlets, "origins": current.origins,
              "statuses": current.statuses}
    set_count = sum(bool(v) for k, v in chosen.items() if k != "statuses") + (chosen["statuses"] != DEFAULT_STATUSES)
    if not sidebar.toggle("More filters" + (f" ({set_count} set)" if set_count else ""), value=bool(set_count),
                          key=MORE_FILTERS, help="Governorate, victim group, perpetrator, attack type, source, "
                                                 "review status, dataset"):
        return IncidentFilter(**chosen)
    return IncidentFilter(
        admin1=tuple(sidebar.multiselect("Governorate", choices["admin1"],
                                         default=[g for g in current.admin1 if g in choices["admin1"]])),
        victim_groups=tuple(sidebar.multiselect("Victim group", VICTIM_GROUPS, default=list(current.victim_groups),
                                                format_func=GROUP_LABELS.get)),
        perpetrators=tuple(sidebar.multiselect("Perpetrator", PERPETRATORS, default=list(current.perpetrators),
                                               format_func=PERPETRATOR_LABELS.get)),
        attack_types=tuple(sidebar.multiselect("Attack type", ATTACK_TYPES, default=list(current.attack_types),
                                               format_func=TYPE_LABELS.get)),
        outlets=tuple(sidebar.multiselect("Source", choices["outlets"], default=list(current.outlets))),
        statuses=tuple(sidebar.multiselect("Review status", ["extracted", "reviewed", "rejected"],
                                           default=list(chosen["statuses"]), format_func=STATUS_LABELS.get)),
        origins=tuple(sidebar.multiselect("Dataset", choices["origins"],
                                          default=[o for o in current.origins if o in choices["origins"]],
                                          format_func=DATASET_LABELS.get,
                                          help="Extracted from reports here, or imported from ACLED or UCDP")),
    )


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


def set_filter(flt: IncidentFilter) -> None:
    """Replace the filter (e.g. after a click on a sector) and redraw."""
    query = st.session_state[LAST_FILTER] = link_query(flt, search=True)
    st.query_params.from_dict(query)
    st.rerun()
