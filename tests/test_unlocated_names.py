"""The Places page says why each name is not on the map as itself: unknown to the gazetteer, or known but not
where its reports put it."""
from geo import get_gazetteer
from analysis.placing import why_unlocated
from reports.reading import build_report

HAMRIN = ("Title: Officer killed\nPublished: 2023-05-15\nSource: Test outlet\n\nAn Iraqi army officer was killed and "
          "two soldiers were wounded on Sunday when an explosive device struck their patrol in the Hamrin mountains "
          "in Salahuddin province's Tuz Khurmatu district, a security source said.")
DOGSHMAN = ("Published: 2021-09-01\n\nOn Tuesday, ISIS fighters attacked Dogshman village in the Rashad sub-district "
            "of southern Kirkuk province, killing a shepherd.")


def unlocated_sources(store) -> list:
    return [s for i in store.incidents() for s in i.sources if s.unresolved_place]


def test_a_name_the_gazetteer_knows_elsewhere_is_said_to_be_known_and_where(store):
    store.ingest([build_report(HAMRIN), build_report(DOGSHMAN)])
    names = [r["unresolved_place"] for r in store.unresolved_places()]
    assert sorted(names) == ["Dogshman", "Hamrin mountains"]
    entry = get_gazetteer().lookup("Hamrin mountains").place  # the range's point, in another district
    placed = next(s for s in unlocated_sources(store) if s.unresolved_place == "Hamrin mountains")
    assert placed.admin2 != entry.admin2
    why = why_unlocated(names, unlocated_sources(store), get_gazetteer())
    assert why["Dogshman"] == "not in the gazetteer"
    assert why["Hamrin mountains"].startswith(f"known to the gazetteer, but not where the reports put it "
                                              f"({placed.location}): ")
    assert f"{entry.name} ({entry.kind}, {entry.admin2})" in why["Hamrin mountains"]


def test_the_places_page_lists_the_reason_beside_each_name(store, monkeypatch):
    from tests.test_dashboard import ROOT, run_page

    monkeypatch.setenv("FRONTLINE_DATABASE_URL", store.url)
    store.ingest([build_report(HAMRIN), build_report(DOGSHMAN)])
    app = run_page(str(ROOT / "pages" / "4_Places.py"))
    assert not app.exception
    listed = app.dataframe[0].value.set_index("unresolved_place")["why"]
    assert listed["Dogshman"] == "not in the gazetteer" and "Hamrin Mountains (mountain" in listed["Hamrin mountains"]
    app.selectbox[0].select("Hamrin mountains").run()
    said = " ".join(c.value for c in app.caption)
    assert "The name is known to the gazetteer, but not where the reports put it" in said
