import pytest

from geo import get_boundaries, get_gazetteer
from geo.gazetteer import contains
from geo.normalize import name_key
from geo.romanize import ROMANIZED_SOURCE, romanized, spells

SPELLINGS = {
    "Prde": ["Prde", "Pirde", "Altun Kupri", "Altun Kopru"],
    "Qarachogh Mountain": ["Qarachogh", "Qarachokh", "Qara Chogh", "Qarachukh"],
    "Khidrjija": ["Khidrjija", "Khidir Jija", "Khidirjija", "Khidr Jija"],
    "Makhmour": ["Makhmour", "Makhmur", "Mexmur"],
    "Tuz Khurmatu": ["Tuz Khurmatu", "Tooz Khurmato", "Tuz Khurmato"],
    "Sulaymaniyah": ["Sulaimani", "Sulaymaniyah", "As Sulaymaniyah"],
    "Erbil": ["Erbil", "Arbil", "Hawler"],
}


@pytest.mark.parametrize("canonical, spelling", [(c, s) for c, names in SPELLINGS.items() for s in names])
def test_each_spelling_resolves_to_one_place(canonical, spelling):
    match = get_gazetteer().lookup(spelling)
    assert match is not None, spelling
    assert match.place.name == canonical


def test_unknown_name_is_not_forced_onto_a_place():
    assert get_gazetteer().lookup("Atlantis Springs") is None


def test_type_in_text_selects_the_level():
    gazetteer = get_gazetteer()
    assert gazetteer.lookup("Prde").place.kind == "town"
    assert gazetteer.lookup("Prde", kind_hint="sub_district").place.kind == "sub_district"
    assert gazetteer.lookup("Kirkuk", kind_hint="governorate").place.kind == "governorate"
    assert gazetteer.lookup("Kirkuk").place.kind == "city"


def test_places_carry_admin_and_sector_by_point_in_polygon():
    place = get_gazetteer().lookup("Qara Salim").place
    assert (place.admin1, place.admin2, place.sector) == ("Kirkuk", "Dibis", "Kirkuk–Dibis–Prde")
    assert place.in_disputed
    located = get_boundaries().locate(place.latitude, place.longitude)
    assert located.admin3 == "Altun Qupri"  # the COD-AB name of Prde sub-district


def test_containment_of_a_village_in_its_mountain_and_district():
    gazetteer = get_gazetteer()
    village = gazetteer.lookup("Khidrjija").place
    assert contains(gazetteer.lookup("Qarachogh").place, village)
    assert contains(gazetteer.lookup("Makhmour", kind_hint="district").place, village)
    assert not contains(gazetteer.lookup("Kifri").place, village)


def test_fuzzy_match_within_threshold_only():
    gazetteer = get_gazetteer()
    near_miss = gazetteer.lookup("Khanaqeen")
    assert near_miss and near_miss.place.admin2 == "Khanaqin"
    fuzzy = gazetteer.lookup("Kifrri Kifri")
    assert fuzzy is None or fuzzy.method == "fuzzy"


def test_every_sector_from_the_issue_is_shipped():
    names = set(get_boundaries().sectors["name"])
    for expected in ["Sinjar", "Nineveh Plains", "Gwer–Makhmour–Qarachogh", "Kirkuk–Dibis–Prde", "Hawija",
                     "Daquq–Tuz Khurmatu", "Garmian (Kifri–Kalar)", "Khanaqin–Jalawla"]:
        assert expected in names
    assert len(get_boundaries().disputed) == 1


def test_mountains_are_areas_and_the_town_wins_a_bare_name():
    gazetteer = get_gazetteer()
    assert gazetteer.lookup("Sinjar").place.kind == "town"
    assert gazetteer.lookup("Sinjar", kind_hint="mountain").place.name == "Mount Sinjar"
    hamrin = gazetteer.lookup("Jabal Hamrin").place
    assert hamrin.kind == "mountain" and hamrin.geo_precision.value == "district"


@pytest.mark.parametrize("district, seat", [("Makhmour district", "Makhmour"), ("Kifri district", "Kifri"),
                                            ("Altun Kupri sub-district", "Prde")])
def test_a_district_is_marked_at_its_seat(district, seat):
    gazetteer = get_gazetteer()
    area = gazetteer.lookup(district, kind_hint=district.split()[-1].replace("-", "_")).place
    town = gazetteer.lookup(seat).place
    assert area.kind in ("district", "sub_district") and town.kind in ("town", "city")
    assert (area.latitude, area.longitude) == (town.latitude, town.longitude)
    assert "seat" in area.source


def test_a_place_has_one_plain_english_name_in_the_gazetteer_and_in_popups():
    import csv

    from geo import DATA_DIR
    from analysis.labels import place_label

    gazetteer = get_gazetteer()
    with open(DATA_DIR / "curated_places.csv", encoding="utf-8") as f:
        curated = {row["place_id"] for row in csv.DictReader(f)}
    marked = [n for n in [gazetteer.places[i].name for i in curated] if not n.isascii()]
    assert marked == []  # no "Ṭūz Khūrmātū": the curated towns read as analysts write them
    assert all(p.name.isascii() for p in gazetteer.places.values())
    town = gazetteer.lookup("Tuz Khurmatu").place
    district = gazetteer.lookup("Tooz Khurmato district", kind_hint="district").place
    assert (town.name, town.kind, district.kind) == ("Tuz Khurmatu", "city", "district")
    # What a popup shows for the town, the district and names stored before names were made plain
    # (GeoNames' "Ţūz Khūrmātū", COD-AB's "Tooz Khurmato").
    shown = {place_label(n) for n in (town.name, district.name, "Ţūz Khūrmātū", "Tooz Khurmato",
                                      "Markaz Tooz Khurmato")}
    assert shown == {"Tuz Khurmatu"}
    for spelling, name in (("Makhmour", "Makhmour"), ("Kifri", "Kifri"), ("Tal Afar", "Tal Afar"),
                           ("Chamchamal", "Chamchamal"), ("Hawija", "Hawija"), ("Mexmur", "Makhmour")):
        place = gazetteer.lookup(spelling).place
        assert place.name == name and place_label(place.name) == name
    assert place_label("Mexmur") == "Makhmour" and place_label("Kifrī") == "Kifri"


@pytest.mark.parametrize("name, spellings, district, precision", [
    ("Telskuf", ["Telskuf", "Tel Skuf", "Tesqopa", "Tel Asqof", "Tall Usquf"], "Tilkaef", "sub_district"),
    ("Bashiqa", ["Bashiqa", "Bashika", "Ba'shiqa"], "Al-Mosul", "sub_district"),  # COD-AB files it under Mosul
    ("Bashir", ["Bashir", "Al-Bashir", "Basheer"], "Kirkuk", "sub_district"),
    ("Mutaibija", ["Mutaibija", "Mutaybija", "Mutibija"], "Balad", "district"),
    ("Sinuni", ["Sinuni", "Snune", "Snuny"], "Sinjar", "sub_district"),
    ("Kocho", ["Kocho", "Kojo"], "Sinjar", "exact_place"),
    ("Khanasor", ["Khanasor", "Khana Sor", "Khanasur"], "Sinjar", "sub_district"),
])
def test_places_of_the_disputed_territories_added_by_hand_resolve_with_their_spellings(name, spellings, district,
                                                                                        precision):
    gazetteer = get_gazetteer()
    for spelling in spellings:
        match = gazetteer.lookup(spelling)
        assert match is not None and match.place.name == name and not match.ambiguous, spelling
    place = gazetteer.lookup(name).place
    # A point no offline source gives is marked by its coarser precision, and its row says where it came from.
    assert (place.admin2, place.geo_precision.value) == (district, precision) and place.source


def test_an_added_place_is_found_in_a_report_sentence():
    from geo.mentions import resolve_phrase

    mention = resolve_phrase("near the town of Telskuf, about 20 miles north of Mosul", get_gazetteer())
    assert mention.locator.match.place.name == "Telskuf" and mention.locator.match.place.sector == "Nineveh Plains"
    mention = resolve_phrase("in Sinuni sub-district", get_gazetteer())
    sub_district = mention.locator.match.place  # COD-AB's Al-Shamal, whose seat Sinuni is
    assert (sub_district.place_id, sub_district.name, sub_district.kind) == ("adm3:IQG15Q07N02", "Sinuni", "sub_district")


@pytest.mark.parametrize("spelling, script_name", [
    ("Luhaiban", "لهيبان"), ("Lahiban", "لھێبان"), ("Zinana", "زنانة"), ("Palkana", "پەڵکانەی سەید"),
    ("Tal Aswad", "تل اسودالکبیر"), ("Tel al-Aswad", "تل الأسود"), ("Hulaiwa", "حليوة الكبيرة"),
    ("Haftaghar", "حەفتەغاری عەلی ئاغا"), ("Zanjali", "زنجلي عرب"), ("Mikhas", "مێخاس"),
])
def test_english_spellings_of_a_script_name(spelling, script_name):
    assert spells(name_key(spelling), script_name)


@pytest.mark.parametrize("spelling, script_name", [
    ("Kirkuk", "لهيبان"), ("Tal Afar", "تل اسودالکبیر"), ("Ali", "علي خلف"), ("Hawija", "حليوة الكبيرة"),
])
def test_other_names_do_not_spell_a_script_name(spelling, script_name):
    assert not spells(name_key(spelling), script_name)


def test_a_script_name_is_shown_by_its_usual_spelling():
    assert romanized("حەفتەغاری عەلی ئاغا") == "Haftaghari Ali Agha"
    assert romanized("قرية الرشاد") == "al-Rshad"


def test_a_village_named_in_script_only_is_met_only_inside_the_area_given():
    gazetteer = get_gazetteer()
    assert gazetteer.lookup("Jassemiya") is None  # not by name alone, anywhere
    near_hawija = gazetteer.script_village_within("Jassemiya", gazetteer.lookup("Hawija").place).place
    in_baquba = gazetteer.script_village_within("Jassemiya", gazetteer.lookup("Baquba district").place).place
    assert (near_hawija.admin2, in_baquba.admin2) == ("Al-Hawiga", "Baquba")
    assert near_hawija.source == ROMANIZED_SOURCE and near_hawija.place_id not in gazetteer.places
    assert gazetteer.script_village_within("Jassemiya", gazetteer.lookup("Erbil").place) is None


def test_one_spelling_of_villages_far_apart_in_the_area_is_no_match():
    gazetteer = get_gazetteer()  # Salah al-Din has two Tal Aswads 95 km apart
    assert gazetteer.script_village_within("Tal Aswad", gazetteer.lookup("Salah al-Din governorate").place) is None
    assert gazetteer.script_village_within("Tal Aswad", gazetteer.lookup("Tikrit").place) is None
