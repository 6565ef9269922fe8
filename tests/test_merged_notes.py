"""A merged incident's notes say each thing once: the reports' placements of an unknown village are one note."""
from incidents.dedup import consolidate
from reports.reading import build_report

RUDAW = ("Title: Attack on Luhaiban\nPublished: 2021-12-03\nSource: Rudaw\n\nOn Thursday, ISIS militants attacked "
         "the village of Luhaiban in the Makhmour area, killing three Peshmerga fighters.")
SHAFAQ = ("Title: Luhaiban attack\nPublished: 2021-12-04\nSource: Shafaq\n\nOn Thursday, ISIS militants attacked "
          "the village of Luhaiban in the Makhmour area, killing at least three Peshmerga fighters.")
UNKNOWN = "Place 'Luhaiban' is not in the gazetteer"


def test_reports_that_say_the_same_are_noted_once(store):
    store.ingest([build_report(RUDAW), build_report(SHAFAQ)])
    [incident] = store.incidents()
    assert [s.outlet for s in incident.sources] == ["Rudaw", "Shafaq"]
    assert all(UNKNOWN in s.notes for s in incident.sources)  # each report's own notes are kept
    assert incident.notes.count(UNKNOWN) == 1
    assert f"{UNKNOWN}; located at Makhmour" in incident.notes
    assert "Casualty figures are lower bounds ('at least') (per Shafaq)." in incident.notes  # one report's


def test_reports_that_place_a_name_apart_are_one_note_naming_each_outlet(store):
    store.ingest([build_report(RUDAW)])
    rudaw = store.incidents()[0].sources[0]
    elsewhere = rudaw.model_copy(update={
        "report_id": "k24", "outlet": "Kurdistan24",
        "notes": f"{UNKNOWN}; located at Qarachogh Mountain (sub_district). 2 kidnapped."})
    again = rudaw.model_copy(update={"report_id": "esta", "outlet": "ESTA", "notes": ""})
    merged = consolidate("x", [rudaw, again, elsewhere])
    assert merged.notes.count(UNKNOWN) == 1
    placed_at = rudaw.notes.split("; ")[1].removesuffix(".")  # where Rudaw's area put it
    assert (f"{UNKNOWN}; {placed_at} per Rudaw; located at Qarachogh Mountain (sub_district) per Kurdistan24."
            in merged.notes)
    assert merged.notes.endswith("2 kidnapped (per Kurdistan24).")  # said by one of the outlets
    assert [s.notes for s in merged.sources if s.outlet == "Kurdistan24"] == [elsewhere.notes]
