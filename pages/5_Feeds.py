"""Feeds: what `frontline watch` follows and what it did (per feed: last poll, new articles, kept and
skipped, errors, next poll), the incidents new since the analyst's last visit, every article fetched with
why it was kept or skipped (a skipped one can be pulled in by hand), and forms to add or pause a feed (an
admin's; audited, and refused by watch.feed_changes to anyone else). Layout only: the logic is in watch/."""
from __future__ import annotations

import streamlit as st

from analysis.labels import TYPE_LABELS, column_labels, label, place_label
from store.access import Refused
from ui.app import current_person, get_store, plain, refused
from ui.link import keep_filter_in_link
from watch import config as watch_config
from watch import feed_changes
from watch.config import FEED_KINDS, ConfigError, Feed
from watch.records import OUTCOMES, WatchRecords, feed_overview, incidents_new_since, visit_mark

ARTICLE_ROWS = 500
WORDED = {"url": "URL", "every_min": "Every (min)"}  # headers a column's name cannot give by itself


def headers(columns) -> dict[str, str]:
    """Every column's header in sentence case: the plain label where analysis.labels has one, else the
    column's name in words ("last_poll": "Last poll")."""
    return {c: WORDED.get(c) or c.replace("_", " ").capitalize() for c in columns} | column_labels(columns)


st.set_page_config(page_title="Feeds · Frontline Watch", layout="wide")
store = get_store()
keep_filter_in_link()
records = WatchRecords(store)
person = current_person()
feeds_help = person.why_not("feeds") or None
path = watch_config.default_path()
st.title("Feeds")
try:
    config = watch_config.load(path)
except ConfigError as exc:
    st.error(f"The feeds file cannot be used: {plain(exc)}")
    config = watch_config.WatchConfig()

since = visit_mark(store, person.name, st.session_state)
new = incidents_new_since(store, since)
new = new.assign(attack_type=new["attack_type"].map(lambda v: label(TYPE_LABELS, v)),
                 location=new["location"].map(place_label))  # as the other pages name them
st.subheader(f"New since your last visit ({since:%Y-%m-%d %H:%M} UTC): {len(new)} incident(s)")
if not new.empty:
    st.dataframe(new, hide_index=True, width="stretch",  # date, place and toll say which; the id is not shown
                 column_config=headers(new.columns) | {"incident_id": None})

st.subheader("Watched feeds")
st.caption(f"From {plain(path)}; `frontline watch` polls them (see docs/deploy.md).")
overview = feed_overview(config.feeds, records)
if overview.empty:
    st.info("No feed is configured yet: add one below, or with `frontline feeds add NAME URL`.")
else:
    st.dataframe(overview, hide_index=True, width="stretch", column_config=headers(overview.columns))
    for row in overview[overview["error"] != ""].itertuples():
        st.warning(f"{plain(row.feed)}: its last poll failed: {plain(row.error)} (its last good state is kept)")
    left, right = st.columns([3, 1])
    chosen = left.selectbox("Feed", list(overview["feed"]), key="pause-feed")
    paused = bool(overview.set_index("feed").loc[chosen, "paused"])
    if right.button("Resume" if paused else "Pause", use_container_width=True, disabled=bool(feeds_help),
                    help=feeds_help):
        try:
            feed_changes.set_paused(store, chosen, not paused, path, by=person)
            st.rerun()
        except Refused as exc:
            refused(exc)
        except ConfigError as exc:
            st.error(plain(exc))

with st.expander("Add a feed"):
    with st.form("add-feed", clear_on_submit=True):
        name = st.text_input("Name (shown as the reports' source)")
        url = st.text_input("URL of the RSS/Atom feed, or of a section page")
        kind = st.radio("Kind", FEED_KINDS, horizontal=True,
                        format_func={"feed": "RSS or Atom feed", "page": "Section page (article links followed)"}.get)
        interval = st.number_input("Minutes between polls", min_value=1,
                                   max_value=watch_config.LIMITS["interval_minutes"][1], value=30)
        include = st.text_input("Include words (comma-separated): an article naming one is kept")
        exclude = st.text_input("Exclude words (comma-separated): an article naming one is skipped")
        if st.form_submit_button("Add feed", disabled=bool(feeds_help), help=feeds_help):
            words = lambda text: tuple(w.strip() for w in text.split(",") if w.strip())  # noqa: E731
            try:
                feed_changes.add_feed(store, Feed(name=name.strip(), url=url.strip(), kind=kind,
                                                  interval_minutes=interval, include=words(include),
                                                  exclude=words(exclude)), path, by=person)
                st.success(f"Feed '{plain(name)}' added; `frontline watch` polls it from its next round.")
            except Refused as exc:
                refused(exc)
            except ConfigError as exc:
                st.error(plain(exc))

st.subheader("Fetched articles")
left, right = st.columns(2)
feed_choice = left.selectbox("Feed", ["(all)", *[f.name for f in config.feeds]], key="articles-feed")
outcomes = right.multiselect("Outcome", OUTCOMES, default=[])
articles = records.articles(feed=None if feed_choice == "(all)" else feed_choice, outcomes=tuple(outcomes),
                            limit=ARTICLE_ROWS)
st.dataframe(articles, hide_index=True, width="stretch",
             column_config={**headers(articles.columns), "url": st.column_config.LinkColumn(WORDED["url"])})
skipped = articles[articles["outcome"].isin(("skipped", "refused"))]
if not skipped.empty:
    st.caption("A skipped article can be pulled in by hand: it is fetched again and ingested whatever the "
               "relevance test said (a refused one can be pasted on Add reports after fixing it).")
    pick = st.selectbox("Skipped article", list(skipped["url"]), key="pull-url")
    if st.button("Pull it in", disabled=not person.may("ingest"), help=person.why_not("ingest") or None):
        from watch.poll import Poller

        feed = config.feed(skipped.set_index("url").loc[pick, "feed"])
        if not person.may("ingest"):  # refused before fetching: a forged click fetches nothing
            st.error(plain(f"Refused: {person.why_not('ingest')}"))
        elif feed is None:
            st.error("Its feed is no longer configured.")
        else:
            poller = Poller(config, store)
            try:
                record = poller.pull_in(feed, pick, by=person)
            finally:
                poller.close()
            st.info(f"{plain(record.outcome)}: {plain(record.reason)}")
