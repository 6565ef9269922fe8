"""Add reports: paste or upload reports with their date, see what is extracted, store it, and review
the incidents waiting for an analyst (accept, reject, merge, split). A viewer sees the controls greyed, saying
which role they need; the store refuses their actions whatever the browser sends (store.access)."""
from __future__ import annotations

import re
from datetime import date

import pandas as pd
import streamlit as st

from geo import get_gazetteer
from analysis.tables import victims_text
from extraction.extract import extract
from analysis.labels import (PERPETRATOR_LABELS, PRECISION_LABELS, TYPE_LABELS, column_labels, count_label, label,
                              place_label)
from incidents.model import MAX_COUNT, VICTIM_GROUPS, Casualties, problems
from store import figures
from store.access import Refused
from store.audit import REVIEW, UNDOABLE
from reports.reading import Report, ReportError, build_report, read_report_bytes
from store.rows import incident_row
from ui.app import computed, current_person, get_store, plain, refused
from ui.link import keep_filter_in_link

REVIEW_ROWS = 500  # the latest incidents listed for review and correction
HISTORY_ROWS = 30  # the latest analyst actions listed, each with its undo
# Each store empties the form: its widgets take keys of a new round (Streamlit sets a widget's value only
# before it is drawn; a file uploader cannot be emptied otherwise), and what the store said is kept to show.
FORM_ROUND, STORED_SAID = "add_form_round", "add_form_stored"
# A report's error advises the command line's --published; here the analyst fills the Published field.
CLI_ADVICE = re.compile(r"(add a 'Published: YYYY-MM-DD' header line|correct the 'Published' line) "
                        r"or pass --published YYYY-MM-DD")


def for_this_page(error: ReportError | str) -> str:
    """A report's error, its command-line advice said as what to do on this page."""
    return plain(CLI_ADVICE.sub("fill the Published field above (or start the text with a 'Published: "
                                "YYYY-MM-DD' line)", str(error)))


st.set_page_config(page_title="Add reports · Frontline Watch", layout="wide")
store = get_store()
keep_filter_in_link()
person = current_person()
st.title("Add reports")
if not person.may("review"):
    st.info(plain(person.why_not("review")))

form_round = st.session_state.setdefault(FORM_ROUND, 0)
with st.form("add"):
    text = st.text_area("Paste a report (plain text or HTML)", height=200, key=f"add-text-{form_round}")
    uploads = st.file_uploader("…or upload report files (text, HTML, JSON Lines)", accept_multiple_files=True,
                               type=["txt", "html", "htm", "md", "jsonl"], key=f"add-files-{form_round}")
    left, middle, right = st.columns(3)
    published = left.date_input("Published", value=None, max_value=date.today(), key=f"add-published-{form_round}",
                                help="Needed to resolve 'on Sunday', 'last week'; files may carry their own.")
    title = middle.text_input("Title", key=f"add-title-{form_round}")
    outlet = right.text_input("Source (outlet)", key=f"add-outlet-{form_round}")
    url = st.text_input("URL", key=f"add-url-{form_round}")
    preview, store_them = st.columns(2)
    wants_preview = preview.form_submit_button("Extract (preview)")
    wants_store = store_them.form_submit_button("Extract and store", type="primary", disabled=not person.may("ingest"),
                                                help=person.why_not("ingest") or None)

given = dict(published=published.isoformat() if published else None, title=title, url=url, outlet=outlet)
reports: list[Report | ReportError] = []
if text.strip():
    reports.append(build_report(text, "pasted report", **{k: v for k, v in given.items() if v}))
for upload in uploads or []:
    reports.extend(read_report_bytes(upload.name, upload.getvalue(), **given))

if (wants_preview or wants_store) and not reports:
    st.warning("Paste a report or upload a file first.")
for item in reports if wants_preview else []:
    if isinstance(item, ReportError):
        st.error(for_this_page(item))
        continue
    extraction = extract(item)
    name = plain(item.title or item.path)
    if extraction.incidents:
        st.subheader(f"{name}: {len(extraction.incidents)} incident(s)")
        victims = victims_text(pd.DataFrame([incident_row(i) for i in extraction.incidents]))
        st.dataframe(pd.DataFrame([{
            "date": f"{i.date_start}..{i.date_end}" if i.date_start != i.date_end else str(i.event_date),
            "place": i.place, "location": place_label(i.location),
            "precision": label(PRECISION_LABELS, i.geo_precision), "killed": count_label(i.killed_total),
            "wounded": count_label(i.wounded_total), "victims": who, "type": label(TYPE_LABELS, i.attack_type),
            "perpetrator": label(PERPETRATOR_LABELS, i.perpetrator),
            "confidence": None if i.confidence is None else round(i.confidence, 2),
            "sentence": i.sources[0].sentence} for i, who in zip(extraction.incidents, victims)]),
            hide_index=True, width="stretch")
    elif extraction.skipped:
        st.info(f"{name}: no incident. The sentences naming an attack were not taken; why is listed below.")
    else:
        st.info(f"{name}: no sentence names an attack (no attack word found), so there is nothing to store.")
    if extraction.unresolved_places:
        st.caption("Not in the gazetteer: " + plain(", ".join(extraction.unresolved_places)))
    if extraction.skipped:
        with st.expander("Sentences not taken, and why", expanded=not extraction.incidents):
            for skipped in extraction.skipped:
                st.markdown(f"- *{skipped.reason}*: {plain(skipped.sentence)}")
try:
    summary = store.ingest(reports, by=person) if wants_store and reports else None
except Refused as exc:
    refused(exc)
    summary = None
if summary is not None:
    said = [("success", (f"{summary.reports_read} report(s) read: {summary.incidents_new} new incident(s), "
                         f"{summary.incidents_merged} merged into stored ones, {summary.reports_already_stored} "
                         "already stored."))] if summary.reports_read or not summary.refused else []
    said += [("error", f"Refused {for_this_page(bad)}") for bad in summary.refused]
    said += [("warning", plain(notice)) for notice in summary.notices]
    st.session_state[STORED_SAID] = said
    if not summary.refused:  # all stored: the next report starts on an empty form (a refused one stays to fix)
        st.session_state[FORM_ROUND] = form_round + 1
        st.rerun()
for kind, message in st.session_state.pop(STORED_SAID, []):
    getattr(st, kind)(message)

st.header("Review")
queue = computed(store, figures.review_queue, REVIEW_ROWS)
waiting = sorted(store.incidents_by_id(queue["ids"]), key=lambda i: queue["ids"].index(i.incident_id))
st.caption(f"{queue['waiting']:,} incident(s) waiting for review, the least certain first"
           + (f", {REVIEW_ROWS} shown" if queue["waiting"] > REVIEW_ROWS else "")
           + f"; {queue['awaiting']:,} of them left out of the figures until accepted "
           "(a figure beyond what any attack has reached, or a low confidence)"
           + ". Accepted ones are marked reviewed; rejected ones stay stored but leave the default map.")
if waiting:
    table = pd.DataFrame([{"select": False, "incident_id": i.incident_id,
                           "confidence": None if i.confidence is None else round(i.confidence, 2),
                           "to review": i.review_reason, "date": str(i.event_date),
                           "location": place_label(i.location or i.place), "killed": count_label(i.killed_total),
                           "wounded": count_label(i.wounded_total), "sources": len(i.sources),
                           "sentence": i.sources[0].sentence}
                          for i in waiting])
    # The date, place and toll say which attack it is; its id, needed for the actions, is not shown.
    edited = st.data_editor(table, hide_index=True, width="stretch", disabled=list(table.columns[1:]),
                            column_config={**column_labels(table.columns), "incident_id": None}, key="review_table")
    chosen = list(edited.loc[edited["select"], "incident_id"])
    accept, reject, merge = st.columns(3)
    review = dict(help=person.why_not("review") or None)
    try:
        if accept.button("Accept selected", disabled=not chosen or not person.may("review"), **review):
            store.set_status(chosen, "reviewed", by=person)
            st.rerun()
        if reject.button("Reject selected", disabled=not chosen or not person.may("review"), **review):
            store.set_status(chosen, "rejected", by=person)
            st.rerun()
        if merge.button("Merge selected (one attack)", disabled=len(chosen) < 2 or not person.may("review"), **review):
            store.merge(chosen, by=person)
            st.rerun()
    except Refused as exc:  # the store's own check, behind the greyed controls (Streamlit drops their clicks)
        refused(exc)

with st.expander("Correct an incident (place, dates, casualties)"):
    recent = store.incidents_by_id(computed(store, figures.latest_ids, REVIEW_ROWS))[::-1]
    incident = st.selectbox(f"Incident to correct (the latest {REVIEW_ROWS})", recent, key="correct_incident",
                            format_func=lambda i: f"{i.event_date} {i.location or i.place} ({i.killed_total} killed)")
    search = st.text_input("Place (search the gazetteer; leave empty to keep)")
    place = st.selectbox("Gazetteer entry", get_gazetteer().search(search) if search else [],
                         format_func=lambda p: f"{p.name} ({p.kind}; {p.admin2 or '-'}, {p.admin1 or '-'})")
    dates = st.date_input("Dates (one day or a range; leave as is to keep)",
                          value=(incident.date_start, incident.date_end) if incident else ())
    groups = st.columns(len(VICTIM_GROUPS))
    killed = {g: col.number_input(f"killed: {g}", min_value=0, max_value=MAX_COUNT,
                                  value=getattr(incident.killed, g) or 0, key=f"k-{g}")
              for g, col in zip(VICTIM_GROUPS, groups)} if incident else {}
    wounded = {g: col.number_input(f"wounded: {g}", min_value=0, max_value=MAX_COUNT,
                                   value=getattr(incident.wounded, g) or 0, key=f"w-{g}")
               for g, col in zip(VICTIM_GROUPS, groups)} if incident else {}
    reason = st.text_input("Why (kept with the correction)")
    if st.button("Apply correction", disabled=incident is None or not person.may("review"),
                 help=person.why_not("review") or None):
        start, end = (list(dates) + list(dates))[:2] if dates else (None, None)
        changed_dates = (start, end) != (incident.date_start, incident.date_end)
        try:
            store.correct(incident.incident_id, place=place if search else None,
                          date_start=start if changed_dates else None, date_end=end if changed_dates else None,
                          killed=Casualties(**{g: n or None for g, n in killed.items()}),
                          wounded=Casualties(**{g: n or None for g, n in wounded.items()}), reason=reason,
                          by=person)
        except Refused as exc:
            refused(exc)
        except ValueError as exc:  # what the model refuses (a date in 2090): said, and the page stays
            st.error(f"Not corrected: {problems(exc)}")
        else:
            st.rerun()

with st.expander("Split a merged incident"):
    merged = store.incidents_by_id(computed(store, figures.latest_ids, REVIEW_ROWS, True))
    if not merged:
        st.caption("No incident has more than one source.")
    else:
        incident = st.selectbox("Incident", merged, format_func=lambda i: f"{i.event_date} {i.location or i.place} "
                                f"({len(i.sources)} sources)")
        source = st.selectbox("Source to split off", incident.sources,
                              format_func=lambda s: f"{s.outlet or s.title} {s.published}: {s.sentence[:90]}")
        if st.button("Split it off", disabled=not person.may("review"), help=person.why_not("review") or None):
            try:
                store.split(incident.incident_id, source.report_id, source.mention, by=person)
                st.rerun()
            except Refused as exc:
                refused(exc)

st.header("History")
st.caption("Every accept, reject, merge, split, correction and placed name, with who and when. Undo puts the "
           "incidents back as they were; it is recorded too. An analyst undoes their own actions, an admin anyone's.")
everything = st.toggle("Ingests and feed changes too", key="history-everything")
edits = store.history(limit=HISTORY_ROWS, actions=None if everything else REVIEW)
if not edits:
    st.caption("No analyst action yet.")
for edit in edits:
    left, right = st.columns([6, 1])
    done = f" (undone by #{edit.undone_by})" if edit.undone_by else ""
    # Plain text: summaries quote place names from reports, which must not render as Markdown links.
    left.text(f"#{edit.id} {edit.at:%Y-%m-%d %H:%M} UTC · {edit.analyst} · {edit.action}: {edit.summary}{done}",
              help=", ".join(edit.incident_ids))
    why_not = person.why_not("undo" if edit.analyst == person.name else "undo others")
    if not edit.undone_by and edit.action in UNDOABLE and right.button("Undo", key=f"undo-{edit.id}",
                                                                        disabled=bool(why_not), help=why_not or None):
        try:
            store.undo(edit.id, by=person)
            st.rerun()
        except Refused as exc:
            refused(exc)
        except ValueError as exc:
            st.error(str(exc))

