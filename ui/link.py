"""The view kept in the page's link (its URL query string), so that a link reproduces exactly what an analyst sees:
the filter, the map's search words and the attack it opens, carried from page to page when Streamlit drops the query
on a move. The filter itself and its URL form are store.query's; the widgets that set it are ui.sidebar's."""
from __future__ import annotations

from dataclasses import replace

import streamlit as st

from store.query import OPENING_VIEW, IncidentFilter

DEFAULT_AREA = OPENING_VIEW.area
LINK_NOTICE = "link_notice"  # session key: what the opening link asked for that was left out
LAST_FILTER = "last_filter_query"  # session key: the filter's URL query, carried from page to page
SEARCH = "search"  # widget key: the map's search box; its words travel in the link as ?q= (LINK_SEARCH)
LINK_SEARCH = "q"
SEARCHED = "searched_words"  # session key: the search's words, kept while a page without the box shows
MAX_SEARCH = 200  # characters of a search kept from a link
LINK_INCIDENT, FOCUS = "incident", "focus"  # the link's attack to open; session key: the attack the map shows


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


def url_filter() -> tuple[IncidentFilter, list[str]]:
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


def save_filter(flt: IncidentFilter, search: bool) -> None:
    """Write the filter to the URL when it changed, and remember it for the other pages."""
    wanted = {k: v if isinstance(v, list) else [v] for k, v in link_query(flt, search).items()}
    st.session_state[LAST_FILTER] = wanted
    if wanted != _url_query():
        st.query_params.from_dict(wanted)


def set_filter(flt: IncidentFilter) -> None:
    """Replace the filter (e.g. after a click on a sector) and redraw."""
    query = st.session_state[LAST_FILTER] = link_query(flt, search=True)
    st.query_params.from_dict(query)
    st.rerun()
