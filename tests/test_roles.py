"""Each person does only what their role allows (store.access), refused by the store itself with a message that says
who, what and which role it needs, before anything is touched; and every action, ingests and feed changes too, is in
the audit trail with the person's name."""
import pytest

from reports.reading import build_report
from store.access import Person, Refused, local_person
from watch import feed_changes
from watch.config import Feed, load

VIEWER, ANALYST, OTHER, ADMIN = (Person("vera", "viewer"), Person("ali", "analyst"), Person("bea", "analyst"),
                                 Person("ada", "admin"))
REPORT = ("Published: 2021-09-01\n\nOn Tuesday, ISIS fighters attacked Dogshman village in the Rashad sub-district "
          "of southern Kirkuk province, killing a shepherd.")


def everything(store) -> list:
    return [i.model_dump(mode="json") for i in store.incidents()], store.history(actions=None)


def test_a_viewer_is_refused_every_change_with_who_what_and_the_role_it_needs(seeded_store):
    ids = [i.incident_id for i in seeded_store.incidents()][:2]
    before = everything(seeded_store)
    with pytest.raises(Refused, match=r"^Refused: reviewing incidents .* needs the analyst role; vera is a viewer"):
        seeded_store.merge(ids, by=VIEWER)
    for action in (lambda: seeded_store.set_status(ids, "rejected", by=VIEWER),
                   lambda: seeded_store.split(ids[0], "x", 0, by=VIEWER),
                   lambda: seeded_store.correct(ids[0], reason="forged", by=VIEWER),
                   lambda: seeded_store.ingest([build_report(REPORT)], by=VIEWER)):
        with pytest.raises(Refused):
            action()
    assert everything(seeded_store) == before  # nothing touched, nothing recorded


def test_an_analyst_reviews_and_undoes_their_own_action_but_not_another_analysts(seeded_store):
    ids = [i.incident_id for i in seeded_store.incidents()][:2]
    seeded_store.merge(ids, by=ANALYST)
    [merge] = seeded_store.history()
    assert (merge.action, merge.analyst) == ("merge", "ali")
    with pytest.raises(Refused, match="undoing another person's action needs the admin role; bea is an analyst"):
        seeded_store.undo(merge.id, by=OTHER)
    assert seeded_store.history()[0].undone_by is None
    seeded_store.undo(merge.id, by=ANALYST)
    seeded_store.set_status(ids[:1], "rejected", by=OTHER)
    undo_id = seeded_store.undo(seeded_store.history()[0].id, by=ADMIN)  # an admin undoes anyone's
    assert seeded_store.history()[0].id == undo_id and seeded_store.history()[0].analyst == "ada"


def test_ingests_are_recorded_with_the_person_and_are_not_undone_from_the_trail(store):
    store.ingest([build_report(REPORT)], by=ANALYST)
    assert store.history() == []  # the review trail shows review actions only
    [ingest] = store.history(actions=None)
    assert (ingest.action, ingest.analyst) == ("ingest", "ali") and "1 new incident(s)" in ingest.summary
    assert ingest.incident_ids == [i.incident_id for i in store.incidents()]
    with pytest.raises(ValueError, match="a record only"):
        store.undo(ingest.id, by=ADMIN)
    store.ingest([build_report(REPORT.replace("a shepherd", "two shepherds"))])  # the command line: the local user
    assert store.history(actions=None)[0].analyst == local_person().name


def test_only_an_admin_changes_the_feeds_and_each_change_is_recorded(store, tmp_path):
    path = tmp_path / "frontline.toml"
    feed = Feed(name="Rudaw", url="https://www.rudaw.net/english/rss?token=secret")
    for person in (VIEWER, ANALYST):
        with pytest.raises(Refused, match="changing the watched feeds needs the admin role"):
            feed_changes.add_feed(store, feed, path, by=person)
    assert not path.exists() and store.history(actions=None) == []
    feed_changes.add_feed(store, feed, path, by=ADMIN)
    feed_changes.set_paused(store, "Rudaw", True, path, by=ADMIN)
    assert load(path).feed("Rudaw").paused
    with pytest.raises(Refused):
        feed_changes.set_paused(store, "Rudaw", False, path, by=ANALYST)
    paused, added = store.history(actions=None)
    assert [(e.action, e.analyst) for e in (added, paused)] == [("feeds", "ada"), ("feeds", "ada")]
    assert "added feed 'Rudaw'" in added.summary and "secret" not in added.summary  # URL masked
    assert paused.summary == "paused feed 'Rudaw'"


def test_a_failed_feed_change_leaves_no_record(store, tmp_path):
    with pytest.raises(ValueError, match="no feed named"):
        feed_changes.remove_feed(store, "Nobody", tmp_path / "frontline.toml", by=ADMIN)
    assert store.history(actions=None) == []


def test_an_import_is_an_admins_and_is_recorded(store):
    from bench.synthetic import synthetic_incidents

    report, incidents = synthetic_incidents(5, seed=1)
    with pytest.raises(Refused, match="importing a dataset needs the admin role; ali is an analyst"):
        store.add_incidents(report, incidents, by=ANALYST)
    assert store.count() == 0
    store.add_incidents(report, incidents, by=ADMIN)
    [record] = store.history(actions=("import",))
    assert record.analyst == "ada" and record.summary.startswith("imported 5 incident(s) from ")


def test_frontline_history_shows_review_actions_and_with_all_the_ingests_and_feed_changes(store, tmp_path, capsys):
    from cli.main import main

    store.ingest([build_report(REPORT)], by=ANALYST)
    feed_changes.add_feed(store, Feed(name="Rudaw", url="https://www.rudaw.net/english/rss"), tmp_path / "f.toml",
                          by=ADMIN)
    assert main(["--database", store.url, "history"]) == 0
    assert capsys.readouterr().out.strip() == "no analyst action recorded"
    assert main(["--database", store.url, "history", "--all"]) == 0
    feeds, ingest = capsys.readouterr().out.splitlines()
    assert " ada feeds: added feed 'Rudaw'" in feeds and " ali ingest: ingested " in ingest
