"""The sidebar's filter widgets, shared by the pages that filter (the map, Trends, Incidents): set from the link
(ui.link) and written back to it, offering the values the store holds (computed by the database, through ui.app's
cache)."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import streamlit as st

from analysis.labels import DATASET_LABELS, GROUP_LABELS, PERPETRATOR_LABELS, STATUS_LABELS, TYPE_LABELS
from geo import get_boundaries
from incidents.confidence import COUNTED_FROM
from incidents.model import ATTACK_TYPES, PERPETRATORS, VICTIM_GROUPS
from store import figures
from store.database import IncidentStore
from store.query import AREAS, OPENING_VIEW, IncidentFilter, date_window
from ui.app import COUNT_AWAITING, computed, plain, selection
from ui.date_controls import date_controls, requested_window
from ui.link import LINK_NOTICE, SEARCHED, link_query, query_incident, save_filter, url_filter

DEFAULT_STATUSES = OPENING_VIEW.statuses
# The area filter's choices; the dashboard opens on the study area (the analysts' frontline).
AREA_CHOICES = {AREAS["study"]: "study", "Outside them": "outside", "Everywhere": None}
COUNT_AWAITING_HELP = ("An extracted attack whose figures are in question (a figure above what any attack has "
                       f"reached, or a confidence below {COUNTED_FROM:g}) is on the map, grey-ringed, and in the "
                       "review queue, but left out of the figures, charts, sector shading and downloads until an "
                       "analyst accepts it. Switch on to count them too.")
MORE_FILTERS = "more_filters"  # widget key: the less used filters are shown


def sidebar_filter(store: IncidentStore, draw: bool = True, search: bool = False) -> IncidentFilter:
    """The filter widgets, initialised from the URL and written back to it (with the search's words, on the
    page that applies them: `search`). Not `draw`n (the map page's opening run, see opening_run), the filter is
    the link's, and the sidebar says the widgets are coming."""
    current, left_out = url_filter()
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
        save_filter(flt, search)
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
    save_filter(flt, search)
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
