"""Storage, on a real SQLite file and on a real PostGIS database (every test runs on both), and the
end-to-end seed checks of the foundation issue."""
from datetime import date

import pytest
import sqlalchemy as sa

from reports.reading import ReportError, build_report, read_reports
from store.query import IncidentFilter
from store.schema import reports_table, sources_table
from store.database import IncidentStore
from tests.conftest import SEED_EARLY, SEED_LATE, SEEDS, as_report_file


@pytest.fixture
def db_url(any_db_url) -> str:
    return any_db_url


def by_location(store):
    return {i.location: i for i in store.incidents()}


def test_seeds_end_to_end(seeded_store):
    found = by_location(seeded_store)
    assert set(found) == {"Qara Salim", "Khidrjija", "Kifri", "Kulajo"}
    assert sum(i.killed_total for i in found.values()) == 25  # not 46: nothing double counted

    qara_salim = found["Qara Salim"]
    assert qara_salim.event_date == date(2021, 12, 5)
    assert (qara_salim.killed.peshmerga, qara_salim.wounded.peshmerga) == (4, 2)
    assert qara_salim.admin1 == "Kirkuk" and qara_salim.sector == "Kirkuk–Dibis–Prde"
    assert len(qara_salim.sources) == 1

    khidrjija = found["Khidrjija"]
    assert khidrjija.date_precision == "week"
    assert khidrjija.date_start <= date(2021, 12, 2) <= khidrjija.date_end
    assert (khidrjija.killed.civilians, khidrjija.killed.peshmerga) == (3, 10)
    assert {s.published for s in khidrjija.sources} == {date(2021, 12, 4), date(2021, 12, 7)}
    places_written = {s.place for s in khidrjija.sources}
    assert any("Qarachogh" in p for p in places_written) and any("Khidrjija" in p for p in places_written)
    assert khidrjija.geo_precision == "exact_place"  # the finer place of the two reports

    for name in ("Kifri", "Kulajo"):
        assert found[name].killed.peshmerga == 4 and len(found[name].sources) == 2
        assert "split evenly" in found[name].notes
    assert found["Kifri"].latitude != found["Kulajo"].latitude


def test_ingesting_the_same_reports_again_changes_nothing(seeded_store):
    before = [i.model_dump() for i in seeded_store.incidents()]
    summary = seeded_store.ingest(read_reports([SEEDS]))
    assert summary.reports_already_stored == 2 and summary.incidents_new == summary.incidents_merged == 0
    after = [i.model_dump() for i in seeded_store.incidents()]
    assert before == after


def test_order_of_reports_does_not_change_the_result(db_url, tmp_path):
    forward = IncidentStore(db_url)
    forward.ingest(read_reports([SEED_EARLY, SEED_LATE]))
    backward = IncidentStore(f"sqlite:///{tmp_path / 'backward.sqlite'}")
    backward.ingest(read_reports([SEED_LATE, SEED_EARLY]))
    summarise = lambda store: sorted((i.location, i.killed_total, len(i.sources)) for i in store.incidents())
    assert summarise(forward) == summarise(backward)


def test_conflicting_figures_are_kept_not_added(seeded_store):
    other_outlet = build_report(
        "Title: Seven Peshmerga killed near Makhmour\nPublished: 2021-12-03\nSource: Other outlet\n"
        "URL: https://example.org/khidrjija\n\n"
        "ISIS militants attacked Khidir Jija village on Thursday night, killing seven Peshmerga fighters.")
    seeded_store.ingest([other_outlet])
    khidrjija = by_location(seeded_store)["Khidrjija"]
    assert len(khidrjija.sources) == 3
    assert (khidrjija.fatalities_low, khidrjija.fatalities_best, khidrjija.fatalities_high) == (7, 13, 13)
    assert sorted(s.killed.total for s in khidrjija.sources) == [7, 13, 13]
    assert khidrjija.event_date == date(2021, 12, 2) and khidrjija.date_precision == "day"
    assert "disagree" in khidrjija.notes
    assert sum(i.killed_total for i in seeded_store.incidents()) == 25


def test_same_url_is_the_same_report(store):
    text = ("URL: https://example.org/a\nPublished: 2021-12-06\n\n"
            "Militants attacked Qara Salem village on Sunday, killing two Peshmerga.")
    store.ingest([build_report(text)])
    summary = store.ingest([build_report(text + " Updated with more detail.")])
    assert summary.reports_already_stored == 1 and store.count() == 1


def test_a_bad_report_is_refused_and_the_batch_still_lands(store, tmp_path):
    undated = tmp_path / "undated.txt"
    undated.write_text("Gunmen attacked a checkpoint in Kirkuk, killing two policemen.")
    summary = store.ingest(read_reports([undated, SEED_LATE]))
    assert len(summary.refused) == 1 and isinstance(summary.refused[0], ReportError)
    assert summary.incidents_new == 4 and store.count() == 4


def test_a_report_that_cannot_be_stored_is_refused_in_one_line(store):
    """A stored toll beyond what the model takes (an older store may hold one) makes the merge of a second outlet's
    account fail validation: the refusal reads as one line, not pydantic's multi-line text."""
    text = ("URL: https://example.org/{}\nPublished: 2024-05-05\n\nOn Monday, ISIS militants attacked a Peshmerga "
            "position near Makhmour, killing three Peshmerga fighters.{}")
    store.ingest([build_report(text.format("a", ""))])
    with store.engine.begin() as conn:
        [(source_id, data)] = conn.execute(sa.select(sources_table.c.id, sources_table.c.data))
        data["killed"]["peshmerga"] = 100_000_000_000
        conn.execute(sa.update(sources_table).where(sources_table.c.id == source_id).values(data=data))
    summary = store.ingest([build_report(text.format("b", " Another outlet told it too.")), *read_reports([SEED_LATE])])
    [refused] = summary.refused
    assert refused.reason == ("could not be stored: peshmerga = 100000000000: 100000000000 is not a count from 0 "
                              "to 100,000")
    assert summary.incidents_new == 4  # the rest of the batch still lands

def test_filters(seeded_store):
    assert len(seeded_store.incidents(IncidentFilter(date_from=date(2021, 12, 4)))) == 1
    assert len(seeded_store.incidents(IncidentFilter(sectors=("Garmian (Kifri–Kalar)",)))) == 2
    assert len(seeded_store.incidents(IncidentFilter(victim_groups=("civilians",)))) == 1
    assert len(seeded_store.incidents(IncidentFilter(min_fatalities=5))) == 1
    assert len(seeded_store.incidents(IncidentFilter(perpetrators=("unknown",)))) == 0


def test_the_database_is_a_real_sqlite_file_created_on_first_use(tmp_path):
    path = tmp_path / "nested" / "dir" / "store.sqlite"
    IncidentStore(f"sqlite:///{path}")
    assert path.exists()
    with sa.create_engine(f"sqlite:///{path}").connect() as conn:
        tables = set(sa.inspect(conn).get_table_names())
    assert {"reports", "incidents", "sources"} <= tables


def test_unresolved_place_names_are_listed_for_analysts(store):
    store.ingest([build_report(
        "Published: 2021-09-01\n\nOn Tuesday, ISIS fighters attacked Dogshman village in the Rashad "
        "sub-district of southern Kirkuk province, killing a shepherd.")])
    rows = store.unresolved_places()
    assert rows == [{"unresolved_place": "Dogshman", "incidents": 1, "not_on_map": 0, "located_at": "Al-Rashad",
                     "example_incident": store.incidents()[0].incident_id}]
    incident = store.incidents()[0]
    assert incident.geo_precision == "sub_district" and "not in the gazetteer" in incident.notes
    store.ingest([build_report(  # the same unknown name with no area to place it at: not on the map
        "Published: 2021-10-01\n\nOn Monday, ISIS fighters attacked Dogshman village, killing two farmers.")])
    [row] = store.unresolved_places()
    assert row["incidents"] == 2 and row["not_on_map"] == 1 and row["located_at"] == "Al-Rashad"


def test_an_analyst_can_split_a_merge_and_merge_it_back(seeded_store):
    khidrjija = by_location(seeded_store)["Khidrjija"]
    early = next(s for s in khidrjija.sources if s.published == date(2021, 12, 4))
    separated = seeded_store.split(khidrjija.incident_id, early.report_id, early.mention)
    assert separated.location == "Qarachogh Mountain" and separated.status == "reviewed"
    assert seeded_store.count() == 5
    remaining = seeded_store.get(khidrjija.incident_id)
    assert len(remaining.sources) == 1 and remaining.date_start == date(2021, 11, 29)

    merged = seeded_store.merge([khidrjija.incident_id, separated.incident_id])
    assert seeded_store.count() == 4 and len(merged.sources) == 2
    assert merged.killed_total == 13 and sum(i.killed_total for i in seeded_store.incidents()) == 25


def test_review_actions_refuse_what_makes_no_sense(seeded_store):
    import pytest

    qara_salim = by_location(seeded_store)["Qara Salim"]
    source = qara_salim.sources[0]
    with pytest.raises(ValueError):
        seeded_store.split(qara_salim.incident_id, source.report_id, source.mention)  # its only source
    with pytest.raises(ValueError):
        seeded_store.merge([qara_salim.incident_id, "no-such-incident"])
    assert seeded_store.count() == 4


DOGSHMAN = ("Published: 2021-09-01\n\nOn Tuesday, ISIS fighters attacked Dogshman village in the Rashad "
            "sub-district of southern Kirkuk province, killing a shepherd.")


def test_an_analyst_places_an_unknown_name_once_for_every_incident(store):
    from geo.gazetteer import place_at

    store.ingest([build_report(DOGSHMAN)])
    moved = store.fix_place("Dogshman", place_at("Dogshman", 35.05, 43.98))
    assert moved == 1
    incident = store.incidents()[0]
    assert (incident.latitude, incident.longitude, incident.geo_precision) == (35.05, 43.98, "exact_place")
    assert incident.admin1 == "Kirkuk" and "located by an analyst" in incident.notes
    assert store.unresolved_places() == []
    # A later report naming the same village lands there too.
    store.ingest([build_report(DOGSHMAN.replace("2021-09-01", "2022-05-04").replace("a shepherd", "two farmers"))])
    later = [i for i in store.incidents() if i.event_date.year == 2022][0]
    assert (later.latitude, later.longitude) == (35.05, 43.98)


def test_status_changes_keep_the_incident(seeded_store):
    qara_salim = by_location(seeded_store)["Qara Salim"]
    assert seeded_store.set_status([qara_salim.incident_id], "rejected") == 1
    assert seeded_store.get(qara_salim.incident_id).status == "rejected"
    assert len(seeded_store.incidents(IncidentFilter(statuses=("extracted", "reviewed")))) == 3
    assert seeded_store.outlets() == ["ESTA Media Network"]


def test_a_day_just_outside_a_week_range_is_another_attack(seeded_store):
    report = build_report("Published: 2021-11-29\n\nISIS militants attacked a Peshmerga post in Kifri on Sunday "
                          "night, killing two Peshmerga fighters.")
    summary = seeded_store.ingest([report])
    assert summary.incidents_new == 1 and summary.incidents_merged == 0


def test_single_days_a_night_apart_are_one_attack(store):
    first = build_report("URL: https://a.example/1\nPublished: 2021-09-05\n\nISIS attacked a federal police "
                         "checkpoint in Kirkuk's Rashad sub-district late on Saturday, killing 13 policemen.")
    second = build_report("URL: https://b.example/2\nPublished: 2021-09-05\n\nISIS attacked a federal police "
                          "checkpoint in Kirkuk's Rashad sub-district just after midnight today, killing 13 "
                          "policemen.")
    store.ingest([first, second])
    assert store.count() == 1 and len(store.incidents()[0].sources) == 2


def test_an_analyst_correction_overrides_and_survives_a_merge(seeded_store):
    from geo import get_gazetteer
    from incidents.model import Casualties

    kifri = by_location(seeded_store)["Kifri"]
    corrected = seeded_store.correct(kifri.incident_id, place=get_gazetteer().lookup("Jabbara").place,
                                     date_start=date(2021, 12, 1), killed=Casualties(peshmerga=3),
                                     reason="Ministry statement")
    assert (corrected.location, corrected.event_date, corrected.killed_total) == ("Jabarra", date(2021, 12, 1), 3)
    assert corrected.status == "reviewed" and corrected.date_precision == "day"
    assert corrected.sources[-1].outlet == "Analyst correction" and "Ministry" in corrected.sources[-1].sentence
    assert (corrected.fatalities_low, corrected.fatalities_high) == (3, 4)
    kulajo = by_location(seeded_store)["Kulajo"]
    merged = seeded_store.merge([kifri.incident_id, kulajo.incident_id])
    assert merged.location == "Jabarra" and merged.killed_total == 3
    # Undo: split the correction off again.
    seeded_store.split(kifri.incident_id, "analyst", corrected.sources[-1].mention)
    assert seeded_store.get(kifri.incident_id).killed_total == 4


def test_the_version_changes_with_the_data(seeded_store):
    before = seeded_store.version()
    assert seeded_store.version() == before
    first, second = (i.incident_id for i in seeded_store.incidents()[:2])
    seeded_store.set_status([first], "rejected")
    edit = seeded_store.history(limit=1)[0].id
    assert seeded_store.version() != before
    seeded_store.set_status([second], "reviewed")  # a later edit holds the latest change time
    changed = seeded_store.version()
    seeded_store.undo(edit)  # puts back the first incident's old updated_at: the version still changes
    assert seeded_store.version() != changed and seeded_store.get(first).status == "extracted"


def _ingest_in_process(url: str, texts: list[str], start) -> None:
    store, reports = IncidentStore(url), [build_report(t) for t in texts]
    start.wait()  # both processes ingest at the same moment
    summary = store.ingest(reports)
    assert not summary.refused, summary.lines()


def test_two_processes_ingesting_at_once_neither_lose_nor_duplicate(db_url, tmp_path):
    """Two analysts ingest overlapping batches at the same moment: every report lands once, and the store
    ends as one process ingesting the union would leave it."""
    import multiprocessing

    from bench.synthetic import synthetic_reports

    texts = [as_report_file(r) for r in [*synthetic_reports(300, seed=17), *read_reports([SEEDS])]]
    first, second = texts[:200] + texts[300:], texts[100:]  # 100 reports and both seeds in both batches
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(2)
    workers = [context.Process(target=_ingest_in_process, args=(db_url, batch, start)) for batch in (first, second)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=300)
        assert worker.exitcode == 0
    together = IncidentStore(db_url)
    alone = IncidentStore(f"sqlite:///{tmp_path / 'alone.sqlite'}")
    alone.ingest([build_report(t) for t in texts])
    with together.engine.connect() as conn:
        reports = conn.execute(sa.select(sa.func.count()).select_from(reports_table)).scalar_one()
        sources = conn.execute(sa.select(sa.func.count()).select_from(sources_table)).scalar_one()
    assert reports == len(texts)
    assert sources == sum(len(i.sources) for i in alone.incidents())
    assert together.count() == alone.count()
    assert together.table()["fatalities_best"].sum() == alone.table()["fatalities_best"].sum()
    together.engine.dispose()


@pytest.mark.filterwarnings("ignore:Did not recognize type 'geometry'")  # PostGIS's column, left out below
def test_migrations_build_the_schema_the_code_queries(db_url):
    """store/migrations and store/schema.py agree, column for column and index for index."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from store.schema import metadata

    store = IncidentStore(db_url)
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={
            "include_object": lambda obj, name, kind, reflected, compare_to: name not in ("geom", "ix_incidents_geom")
            and not (kind == "table" and name in ("alembic_version", "spatial_ref_sys"))})
        assert compare_metadata(context, metadata) == []
    store.engine.dispose()


# A store back at migration 0015: before 0016's index of a date window.
BACK_TO_0015 = ("DROP INDEX ix_incidents_date_window", "CREATE INDEX ix_incidents_event_date ON incidents (event_date)",
                "CREATE INDEX ix_incidents_event_date_id ON incidents (event_date, incident_id)")
# A store back at migration 0013: before 0015's index on (sector, event_date) and 0014's columns.
BACK_TO_0013 = (*BACK_TO_0015, "DROP INDEX ix_incidents_sector_date",
                "CREATE INDEX ix_incidents_sector ON incidents (sector)", "DROP INDEX ix_incidents_first_told_at",
                "ALTER TABLE incidents DROP COLUMN first_told_at", "ALTER TABLE incidents DROP COLUMN report_count")


def test_an_older_store_is_given_the_calibrated_confidence(tmp_path):
    """Migration 0009: confidences stored on the old scale are recomputed from the stored sources, as ingest would."""
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    store = IncidentStore(url)
    store.ingest([r for r in read_reports([SEED_LATE]) if not isinstance(r, ReportError)])
    ingested = {i.incident_id: i.confidence for i in store.incidents()}
    with store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE incidents SET confidence = 0.123"))
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '0008'"))
        for statement in BACK_TO_0013:  # no 0014's columns, 0015's and 0016's indexes
            conn.execute(sa.text(statement))
        conn.execute(sa.text("DROP INDEX ix_incidents_event_date_id"))  # nor 0010's indexes
        conn.execute(sa.text("DROP INDEX ix_sources_incident_report"))
        conn.execute(sa.text("CREATE INDEX ix_sources_incident_id ON sources (incident_id)"))
        conn.execute(sa.text("DROP INDEX ix_incidents_box"))  # nor 0013's, but the coordinates' plain index
        conn.execute(sa.text("CREATE INDEX ix_incidents_lat_lon ON incidents (latitude, longitude)"))
    store.engine.dispose()
    upgraded = IncidentStore(url)
    assert {i.incident_id: i.confidence for i in upgraded.incidents()} == ingested
    upgraded.engine.dispose()


def test_box_and_dataset_filters_in_the_database_match_the_in_memory_filter(store):
    from bench.synthetic import synthetic_incidents

    store.add_incidents(*synthetic_incidents(800, seed=9))
    table = store.table()
    for flt in (IncidentFilter(box=(43.5, 35.0, 44.5, 36.0)), IncidentFilter(box=(44.0, 34.0, 46.0, 35.0),
                                                                             origins=("reports",), sectors=("Hawija",)),
                IncidentFilter(origins=("acled",))):
        expected = list(table[flt.mask(table)]["incident_id"])
        assert list(store.table(flt)["incident_id"]) == expected
    assert len(store.table(IncidentFilter(box=(43.5, 35.0, 44.5, 36.0)))) > 0


def _ingest_texts(store, *dated_texts: tuple[str, str]) -> None:
    summary = store.ingest([build_report(f"URL: https://outlet{n}.example/{n}\nPublished: {published}\n\n{text}")
                            for n, (published, text) in enumerate(dated_texts)])
    assert not summary.refused


def test_a_village_its_district_and_its_governorate_told_by_three_outlets_are_one_attack(store):
    """A governorate is matched by its code, not by a circle around its centre (Khidir Jija lies 56 km from
    Erbil governorate's point)."""
    _ingest_texts(store, ("2021-12-03", "ISIS militants attacked Peshmerga positions in Khidir Jija village on "
                                        "Thursday night, killing 13 Peshmerga fighters."),
                  ("2021-12-03", "Thirteen Peshmerga fighters were killed in an Islamic State attack in Makhmour "
                                 "district on Thursday."),
                  ("2021-12-03", "An Islamic State attack in Erbil province killed 13 Peshmerga on Thursday, "
                                 "officials said."))
    [incident] = store.incidents()
    assert incident.location == "Khidrjija" and len(incident.sources) == 3 and incident.killed_total == 13
    assert {s.geo_precision for s in incident.sources} == {"exact_place", "district", "governorate"}


@pytest.mark.parametrize("order", [1, -1])
def test_a_claim_dated_two_days_later_with_the_same_toll_is_the_same_attack(store, order):
    attack = ("2021-12-06", "ISIS militants attacked Peshmerga forces in Qara Salim on Sunday, killing four "
                            "Peshmerga.")
    claim = ("2021-12-07", "Islamic State claimed responsibility on Tuesday for an attack on Peshmerga in Qara Salem "
                           "that killed four fighters.")
    _ingest_texts(store, *[attack, claim][::order])
    [incident] = store.incidents()
    assert incident.event_date == date(2021, 12, 5) and len(incident.sources) == 2


def test_another_toll_at_the_same_village_two_days_later_is_another_attack(store):
    _ingest_texts(store, ("2021-12-06", "ISIS militants attacked Peshmerga forces in Qara Salim on Sunday, killing "
                                        "four Peshmerga."),
                  ("2021-12-07", "ISIS militants attacked Peshmerga forces in Qara Salim on Tuesday, killing two "
                                 "Peshmerga."))
    assert sorted(i.killed_total for i in store.incidents()) == [2, 4]


def test_two_villages_of_one_district_on_one_day_with_different_tolls_stay_two_attacks(store):
    """Neither village is in the gazetteer: both are placed at Daquq district, the same day, the same victims."""
    _ingest_texts(store, ("2021-10-12", "ISIS militants killed two soldiers in Tal al-Ward village in Daquq "
                                        "district on Sunday."),
                  ("2021-10-12", "ISIS militants killed five soldiers in Zrgwezala village in Daquq district on "
                                 "Sunday."),
                  ("2021-10-13", "Two soldiers were killed on Sunday when ISIS attacked Tal al-Ward village in "
                                 "Daquq district."))
    found = {i.sources[0].unresolved_place: i for i in store.incidents()}
    assert {name: len(i.sources) for name, i in found.items()} == {"Tal al-Ward": 2, "Zrgwezala": 1}
    assert {(i.location, i.geo_precision) for i in found.values()} == {("Daquq", "district")}


def test_the_same_toll_with_the_dead_named_differently_is_one_attack(store):
    """One outlet counts civilians, another PMF fighters: the same seven killed and five wounded, the same village
    a night apart, is one attack (victim groups alone would split it)."""
    _ingest_texts(store, ("2020-06-14", "Gunmen killed seven civilians and wounded five others in Dara village in "
                                        "Khanaqin today."),
                  ("2020-06-14", "Seven PMF fighters were killed and five wounded when ISIS attacked Dara village in "
                                 "Khanaqin on Saturday night."))
    [incident] = store.incidents()
    assert len(incident.sources) == 2 and incident.killed_total == 7
