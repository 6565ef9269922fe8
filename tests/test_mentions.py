"""Context rules for place names in a sentence."""
import pytest

from geo import get_gazetteer
from geo.mentions import find_mentions, locating_mentions, resolve_phrase


def locate(phrase):
    mention = resolve_phrase(phrase, get_gazetteer())
    return mention, (mention.locator.match.place if mention and mention.locator else None)


def test_sub_district_named_in_the_text_selects_that_level():
    mention, place = locate("in Prde sub-district")
    assert place.kind == "sub_district" and mention.precision.value == "sub_district"


def test_the_specific_place_comes_first_and_its_containers_after():
    mention, place = locate("in Qara Salim in Prde sub-district in north of Kirkuk")
    assert place.name == "Qara Salim" and mention.precision.value == "exact_place"


def test_near_a_village_is_located_there_at_a_coarser_precision():
    """ACLED's geo_precision 2 for "near a town": the point is the village's, the map draws it as approximate."""
    mention, place = locate("near Qara Salim in Prde sub-district in north of Kirkuk")
    assert place.name == "Qara Salim" and mention.precision.value == "sub_district"


def test_reference_point_alone_gives_district_precision():
    mention, place = locate("20 km north of Kirkuk")
    assert place.name == "Kirkuk" and mention.precision.value == "district"


@pytest.mark.parametrize("phrase", ["about 25 kilometres west of the city of Kirkuk",
                                    "northeast of the capital, Kirkuk"])
def test_a_reference_point_named_with_its_kind_is_still_a_reference_point(phrase):
    mention, place = locate(phrase)
    assert place.name == "Kirkuk" and mention.cue == "directional" and mention.precision.value == "district"


def test_a_place_must_lie_inside_the_area_the_text_puts_it_in():
    # The only "Rashad" named in English letters is a sub-district of Kirkuk; this one is the Diyala village OSM
    # names in Arabic script only (قرية الرشاد), met inside the district the text gives.
    mention, place = locate("the village of Rashad in Miqdadiya (Sharaban in Kurdish) district")
    assert place.admin1 == "Diyala" and place.kind == "village" and place.alt_names == ("قرية الرشاد",)
    assert mention.match.method == "romanized" and "Arabic or Kurdish script only" in mention.note
    mention, place = locate("the village of Rashad in Khanaqin district")
    assert place.name == "Khanaqin" and "not known inside" in mention.note and not mention.resolved


@pytest.mark.parametrize("sentence, script_name", [
    ("gunmen attacked the village of Luhaiban in Dibis district", "لھێبان"),
    ("an IED went off in Jassemiya village, near Hawija", "جاسمیة"),
    ("the attack on Hlewa village, located ten kilometres west of Tuz Khurmatu", "حليوة"),
    ("a shepherd was killed in the village of Tapa Kura in Shwan sub-district", "تەپە"),
])
def test_a_village_named_in_script_only_is_met_in_the_area_the_text_gives(sentence, script_name):
    mention, place = locate(sentence)
    assert mention.match.method == "romanized" and script_name in place.alt_names[0]
    assert place.geo_precision.value == "exact_place" and "romanized" in place.source


def test_a_village_named_in_script_only_is_not_met_outside_that_area():
    mention, place = locate("gunmen attacked the village of Luhaiban in Khanaqin district")
    assert not mention.resolved and place.name == "Khanaqin"
    mention, place = locate("gunmen attacked the village of Luhaiban")
    assert not mention.resolved and place is None


def test_unknown_village_is_located_at_its_known_container_at_coarser_precision():
    mention, place = locate("Dogshman village in the Rashad sub-district of southern Kirkuk province")
    assert not mention.resolved and mention.text == "Dogshman"
    assert place.name == "Al-Rashad" and mention.precision.value == "sub_district"


def test_possessive_container_means_the_wider_area_of_that_name():
    mention, place = locate("Kirkuk's Rashad sub-district")
    assert place.name == "Al-Rashad" and place.admin1 == "Kirkuk"
    mention, place = locate("Abu Shahir village in Yaychi district in Kirkuk")
    assert place.name == "Yaijy" and not mention.resolved


def test_unknown_name_without_container_stays_unlocated():
    mention, place = locate("the village of Zrgwezala Tapa")
    assert mention is not None and place is None


def test_places_listed_together_are_each_located():
    mentions = find_mentions("killed in the attacks in Kifri and Kulajo in Garmian administration", get_gazetteer())
    assert [m.text for m in locating_mentions(mentions)] == ["Kifri", "Kulajo"]


@pytest.mark.parametrize("sentence", [
    "ERBIL, Kurdistan Region – Ten civilians were killed in an attack.",
    "Peshmerga and Iraqi forces met on Sunday.",
    "ISIS claimed the attack, the Kurdish official said.",
])
def test_actors_and_datelines_are_not_places(sentence):
    assert find_mentions(sentence, get_gazetteer()) == []


def test_fuzzy_spelling_after_a_locative():
    mentions = find_mentions("militants attacked a checkpoint in Khanaqeen on Sunday", get_gazetteer())
    assert mentions[0].match.place.admin2 == "Khanaqin"


@pytest.mark.parametrize("sentence", [
    "Qarachogh confirmed to Rudaw that ISIS attacked his village.",
    "An official from the Erbil Central Emergency Hospital said two were wounded.",
    "Kirkuk's governor described the attack as dangerous.",
    "The head of Kirkuk Asayesh told Rudaw the militants fled.",
])
def test_people_and_institutions_named_after_places_are_not_places(sentence):
    assert find_mentions(sentence, get_gazetteer()) == []


def test_event_places_come_before_the_speakers_places():
    sentence = "The head of Kirkuk police said gunmen attacked a checkpoint in Daquq on Sunday."
    mentions = find_mentions(sentence, get_gazetteer())
    located = locating_mentions(mentions, event_at=sentence.index("attacked"))
    assert located[0].match.place.admin2 == "Daquq"


def test_directional_adjective_is_a_reference_point():
    mention, place = locate("in southwestern Kirkuk")
    assert place.name == "Kirkuk" and mention.precision.value == "district"


def test_names_with_a_lower_case_article_are_places_too():
    mentions = find_mentions("gunmen attacked the house of the mukhtar of al-Lazaka village", get_gazetteer())
    assert [m.text for m in mentions] == ["al-Lazaka"]


def test_fuzzy_matches_far_from_the_disputed_territories_are_refused():
    # "Khailaniyah" (Diyala) resembles al-Haqlaniyah in Anbar; "Fadiliya" (Nineveh) resembles Thi Qar's Fadhliya.
    assert get_gazetteer().lookup("Khailaniyah") is None
    assert get_gazetteer().lookup("Fadiliya") is None


def test_namesake_areas_contain_what_the_city_does_not():
    gazetteer = get_gazetteer()
    kirkuk_city = gazetteer.lookup("Kirkuk").place
    qara_salim = gazetteer.lookup("Qara Salim").place
    assert gazetteer.contains_by_name(kirkuk_city, qara_salim)
    assert not gazetteer.contains_by_name(gazetteer.lookup("Kifri").place, qara_salim)


def test_an_unnamed_place_inside_a_named_one_is_district_precision():
    mention, place = locate("in an attack on a village in Kirkuk")
    assert place.name == "Kirkuk" and mention.precision.value == "district"


def test_a_checkpoint_in_a_town_keeps_the_towns_precision():
    mention, place = locate("an ISIS attack on a checkpoint in Kifri")
    assert place.name == "Kifri" and mention.precision.value == "exact_place"


def test_a_place_qualifying_a_person_is_not_the_event_place():
    sentence = ("Gen. Sirwan Barzani, the Peshmerga commander of the Makhmur-Gwer front, said five militants "
                "were killed.")
    assert find_mentions(sentence, get_gazetteer()) == []


def test_a_speaker_named_like_a_place_is_not_a_place():
    for sentence in ["“We are defending ourselves,” added Qarachogh, who said ISIS attacked the village.",
                     "Qarachogh continued, “We can only withstand so many attacks.”"]:
        assert find_mentions(sentence, get_gazetteer()) == []


def test_an_unknown_area_between_two_known_ones_is_placed_at_the_first():
    mention, place = locate("security checkpoints in the Zrgwezala area, located between Khanaqin district and "
                            "Jalawla sub-district")
    assert mention.text == "Zrgwezala" and not mention.resolved
    assert place.kind == "district" and place.admin2 == "Khanaqin"


def test_a_commanders_area_is_not_the_event_place():
    sentence = "Meanwhile, the deputy commander of Kurdish forces in Duhok province, Brigadier Omar Bosley, said that"
    assert find_mentions(sentence, get_gazetteer()) == []


def test_compound_adjectives_are_not_places():
    mentions = find_mentions("the IS-held village of Kani Shirin and an Erbil-based outlet", get_gazetteer())
    assert "IS-held" not in [m.text for m in mentions] and "Erbil-based" not in [m.text for m in mentions]


@pytest.mark.parametrize("sentence, place", [
    ("Gunmen at a fake checkpoint on the Kirkuk-Baghdad highway near Tuz Khurmatu killed five travellers.",
     "Tuz Khurmatu"),
    ("Militants tried to cross the Great Zab river near Gwer at night.", "Gwyer"),
    ("Gunmen at a fake checkpoint near Tuz Khurmatu killed five civilians travelling to Baghdad.", "Tuz Khurmatu"),
])
def test_a_road_a_river_or_a_destination_is_no_place_when_the_sentence_names_one(sentence, place):
    [located] = locating_mentions(find_mentions(sentence, get_gazetteer()), event_at=sentence.index("killed")
                                  if "killed" in sentence else 0)
    assert located.locator.match.place.name == place


def test_a_road_alone_locates_at_its_town_as_a_district():
    [located] = locating_mentions(find_mentions("A bomb struck a car on the Sadia-Khanaqin road.", get_gazetteer()))
    assert located.text == "Sadia" and located.precision.value == "district"


def test_a_valley_is_a_place_even_when_the_gazetteer_lacks_it():
    [located] = locating_mentions(find_mentions("An attack in Wadi al-Shay, south of Kirkuk, killed two.", get_gazetteer()))
    assert located.text == "Wadi al-Shay" and located.locator.match.place.name == "Kirkuk"
    assert located.precision.value == "district"


def test_a_loose_spelling_far_from_the_places_named_with_it_is_not_that_place():
    mentions = find_mentions("Gunmen attacked a PMF checkpoint near Siniyah, west of Baiji.", get_gazetteer())
    siniyah = next(m for m in mentions if m.text == "Siniyah")
    assert siniyah.match is None and "not known near Bayji" in siniyah.note
    assert siniyah.locator.match.place.name == "Bayji"  # located at the town the text puts it near


def test_a_place_given_by_its_bearing_from_a_town_lies_within_reach_of_it():
    # The gazetteer's Bawa lies in Duhok, 280 km from Kifri: not the village meant.
    mentions = find_mentions("Militants attacked an outpost near the village of Bawa Shaswar, west of Kifri.",
                             get_gazetteer())
    bawa = next(m for m in mentions if m.text.startswith("Bawa"))
    assert bawa.match is None and bawa.locator.match.place.name == "Kifri"


def test_a_place_said_to_be_near_a_town_lies_within_reach_of_it():
    """Baghdad's al-Mahmudiyah is 250 km from Hawija: the village meant is the one near Hawija."""
    mentions = find_mentions("ISIS militants attacked the village of Mahmudiya near Hawija, killing the mukhtar.",
                             get_gazetteer())
    village = next(m for m in mentions if m.text == "Mahmudiya")
    assert village.locator.match.place.admin1 == "Kirkuk"
    between = find_mentions("The jihadists attacked the position in the Mutaibijah area, between the provinces of "
                            "Salaheddin and Diyala.", get_gazetteer())
    assert next(m for m in between if m.text.startswith("Mutaibijah")).match is not None


@pytest.mark.parametrize("bearing", ["some 170 km north of Baghdad", "170 kilometres (105 miles) north of Baghdad"])
def test_a_stated_distance_widens_the_reach_of_a_bearing(bearing):
    # Tuz Khurmatu lies beyond the 60 km reach of Baghdad: only the stated distance keeps it.
    mentions = find_mentions(f"The bomb hit a checkpoint near Tuz Khurmatu, {bearing}.", get_gazetteer())
    tuz = next(m for m in mentions if m.text == "Tuz Khurmatu")
    assert tuz.match is not None and tuz.match.place.name == "Tuz Khurmatu"
    assert [m.text for m in locating_mentions(mentions)] == ["Tuz Khurmatu"]


def test_the_ends_of_a_stretch_of_country_locate_nothing():
    mentions = find_mentions("The attack is the latest along the front line stretching from Khanaqin to Makhmour.",
                             get_gazetteer())
    assert [m.cue for m in mentions] == ["stretch", "stretch"] and locating_mentions(mentions) == []


def test_the_area_of_a_town_is_around_it():
    [kifri] = find_mentions("Militants attacked a post in the Kifri area.", get_gazetteer())
    assert kifri.around and kifri.precision.value == "sub_district"


def test_a_road_named_with_an_en_dash_is_a_road():
    mentions = find_mentions("Gunmen shot dead a driver on the Kirkuk–Erbil road near Altun Kupri.", get_gazetteer())
    assert [m.cue for m in mentions] == ["along", "along", "near"]
    assert locating_mentions(mentions)[0].locator.match.place.name == "Prde"


def test_a_place_inside_an_area_named_by_its_province_is_in_the_innermost_area():
    mentions = find_mentions("A bomb hit the Kakai village of Qaryat Xyzzyq in Kirkuk province's Daquq district.",
                             get_gazetteer())
    [village] = locating_mentions(mentions)  # "Kakai" describes the village; it names no place
    assert village.text == "Qaryat Xyzzyq" and village.locator.match.place.name == "Daquq"


def test_a_bearing_from_a_province_reaches_as_far_as_the_province():
    mentions = find_mentions("Gunmen attacked the village of Qaryat Xyzzyq, in Zab sub-district west of Kirkuk.",
                             get_gazetteer())
    assert locating_mentions(mentions)[0].locator.match.place.name == "Al-Zab"


def test_a_person_named_with_his_role_is_no_place():
    mentions = find_mentions("Qasim Shesho, the commander of the Yazidi volunteers, said a fighter was killed near "
                             "Sinjar.", get_gazetteer())
    assert [m.text for m in mentions] == ["Sinjar"]


def test_the_towns_a_road_joins_and_where_victims_came_from_are_references():
    mentions = find_mentions("Militants abducted three men on the road between Kirkuk and Baghdad near the village of Maktab Khalid "
                             "as they were returning from Tikrit.", get_gazetteer())
    assert {m.text: m.cue for m in mentions} == {"Kirkuk": "along", "Baghdad": "along", "Maktab Khalid": "near",
                                                 "Tikrit": "movement"}


def test_where_the_attackers_fled_to_locates_nothing():
    mentions = find_mentions("The gunmen fled toward the Hamrin area, he said.", get_gazetteer())
    assert [m.cue for m in mentions] == ["movement"] and locating_mentions(mentions) == []


def test_a_sentence_opening_with_its_area_puts_its_unknown_places_there():
    mentions = find_mentions("In Baghdad, a car bomb went off near a crowded market in the district of Qaryat Xyzzyq, "
                             "killing six people.", get_gazetteer())
    [place] = locating_mentions(mentions)
    assert place.text == "Qaryat Xyzzyq" and place.locator.match.place.name == "Baghdad"



@pytest.mark.parametrize("sentence, event, place", [
    ("Three rockets were fired toward Kirkuk, officials said.", "rockets", "Kirkuk"),
    ("Gunmen attacked a checkpoint in Qarahanjir Sub-District, a local official said.", "attacked", "Qura Hanjeer"),
    ("In Kirkuk, officials said an attack in Sinjar killed two.", "attack", "Sinjar"),
])
def test_targets_places_with_a_speaker_after_them_and_known_places_after_an_opening_area(sentence, event, place):
    located = locating_mentions(find_mentions(sentence, get_gazetteer()), event_at=sentence.index(event))
    assert place in [m.locator.match.place.name for m in located if m.locator]


def test_a_community_is_no_place():
    mentions = find_mentions("A car bomb went off in the Shiite district of Shula and the Kakai village of Wastana.",
                             get_gazetteer())
    assert not {"Shiite", "Kakai"} & {m.text for m in mentions}


@pytest.mark.parametrize("sentence", [
    "Major General Salah Makhmour said a roadside bomb killed two soldiers.",
    "Brig Gen. Shamal Karimi told reporters that gunmen attacked the checkpoint.",
    "A man named Karim Kifri was shot dead by gunmen on Monday.",
    "Two soldiers were killed, according to Haji Daquq.",
    "The attack killed three, said Rebwar Jamal Kifri, deputy head of the local council.",
    "Security spokesman Mansour Marid said two soldiers were killed when ISIS attacked an army post.",
    "Governor Mansour al-Tamimi said gunmen attacked the checkpoint.",
])
def test_a_persons_name_is_no_place(sentence):
    assert find_mentions(sentence, get_gazetteer()) == []


@pytest.mark.parametrize("sentence, places", [
    ("An ambush killed nine members of the federal police in Kirkuk on Sunday.", ["Kirkuk"]),
    ("A member of the provincial council in Kirkuk said gunmen attacked Daquq.", ["Daquq"]),
    ("A security official in Kirkuk gave a different account of the attack in Daquq.", ["Daquq"]),
])
def test_counted_members_are_victims_where_they_were_and_a_speakers_post_is_no_place(sentence, places):
    assert [m.text for m in find_mentions(sentence, get_gazetteer())] == places


def test_a_place_before_a_speakers_role_is_still_a_place():
    mentions = find_mentions("ISIS attacked a village in Makhmour, a Peshmerga official said.", get_gazetteer())
    assert [m.text for m in mentions] == ["Makhmour"]


@pytest.mark.parametrize("sentence", [
    "A father of two from Halabja was killed by a sniper near Kifri.",
    "The victim, a native of Halabja, was shot dead near Kifri.",
    "Gunmen killed a shepherd hailing from Halabja near Kifri.",
])
def test_where_a_victim_comes_from_is_not_where_the_attack_was(sentence):
    mentions = find_mentions(sentence, get_gazetteer())
    assert {m.text: m.cue for m in mentions}["Halabja"] == "origin"
    assert [m.text for m in locating_mentions(mentions)] == ["Kifri"]


def test_an_origin_alone_locates_nothing():
    assert locating_mentions(find_mentions("A shepherd from Halabja was killed by ISIS.", get_gazetteer())) == []
