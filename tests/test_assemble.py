"""Stage two of extraction: incidents assembled from the annotations of one report."""
from datetime import date

import pytest

from geo import get_gazetteer
from extraction.annotate import annotate
from extraction.assemble import candidates
from incidents.confidence import Doubt
from extraction.retellings import within_report
from extraction.extract import extract
from incidents.model import Report

PUBLISHED = date(2021, 9, 11)  # a Saturday


def assembled(text: str, published: date = PUBLISHED):
    report = Report(published=published, text=text)
    skipped, unresolved = [], []
    found = candidates(report, annotate(report, get_gazetteer()), skipped, unresolved)
    return within_report(found, skipped, get_gazetteer()), skipped


def test_figures_told_later_join_the_attack_past_quotes_and_background():
    kept, _ = assembled(
        "On Saturday, an explosive device killed four people near Makhmour.\n"
        "It exploded around 1am, a commander told reporters.\n"
        "\"We heard it from the village,\" a resident said.\n"
        "The army sent reinforcements to the area.\n"
        "Officials in the province held a meeting.\n"
        "Nine people were injured, according to the commander.")
    [attack] = kept
    assert (attack.killed.total, attack.wounded.total) == (4, 9)
    assert len(attack.annotations) == 2


def test_an_undated_sentence_about_a_place_already_told_keeps_that_attacks_date():
    kept, _ = assembled("On Thursday, ISIS militants kidnapped two men from a health centre in Daquq.\n"
                        "On Wednesday, a car bomb killed seven civilians in Mosul.\n"
                        "The militants who abducted the men in Daquq fled in a pickup truck.")
    dates = {c.mention.text: c.dates.start for c in kept}
    assert dates == {"Daquq": date(2021, 9, 9), "Mosul": date(2021, 9, 8)}


def test_an_attack_we_cannot_place_told_beside_one_we_can_is_that_attack():
    kept, _ = assembled("Explosives killed at least four people near Makhmour on Saturday.\n"
                        "Militants had planted an IED in Qaryat Xyzzyq village.")
    [attack] = kept
    assert attack.mention.text == "Makhmour" and len(attack.annotations) == 2


def test_another_attack_stays_apart():
    kept, _ = assembled("On Saturday, gunmen killed two shepherds near Makhmour.\n"
                        "Meanwhile, militants attacked a Peshmerga post in Qaryat Xyzzyq village.")
    assert len(kept) == 2


def test_the_same_toll_a_day_apart_at_one_place_is_one_attack():
    kept, _ = assembled("Gunmen stormed the village of Kulajo on Friday, killing 13 people and wounding seven.\n"
                        "Last night, militants stormed Kulajo: 13 people were killed and seven were injured.")
    [attack] = kept
    assert (attack.killed.total, attack.wounded.total) == (13, 7)


def test_a_total_over_places_is_dropped_when_one_of_them_is_told_in_detail():
    kept, skipped = assembled(
        "More than 23 civilians were killed in two villages of Diyala province on Saturday.\n"
        "Gunmen attacked the village of Abu Saida in Diyala on Saturday, killing 13 people.")
    [attack] = kept
    assert attack.killed.total == 13
    assert any(s.reason.startswith("total over several attacks") for s in skipped)


def test_a_total_over_places_with_no_detail_is_the_attack():
    kept, _ = assembled("Explosive devices killed at least four people in two villages near Makhmour on Saturday.")
    [attack] = kept
    assert attack.killed.total == 4


def test_extraction_keeps_the_annotations_behind_each_incident():
    result = extract(Report(published=PUBLISHED, text="On Saturday, gunmen killed two shepherds near Makhmour. "
                                                     "Two more were wounded, police said."))
    [incident] = result.incidents
    behind = result.behind[incident.incident_id]
    assert [a.index for a in behind] == [0, 1]
    assert incident.wounded_total == 2 and "figures from another sentence" in incident.sources[0].doubts


def test_no_casualties_told_in_a_sentence_of_its_own_completes_the_attack_before_it():
    kept, _ = assembled("On Friday night, militants fired three mortar rounds at Peshmerga positions near Kifri.\n"
                        "No casualties were reported.")
    [attack] = kept
    assert (attack.killed.total, attack.wounded.total) == (0, 0)


def test_no_casualties_alone_is_no_attack():
    kept, _ = assembled("Peshmerga forces retook the village of Kudila near Makhmour on Friday without casualties.")
    assert kept == []


def test_an_undated_sentence_placed_only_between_areas_is_background():
    kept, skipped = assembled("On Saturday, gunmen killed two shepherds near Makhmour.\n"
                              "Small cells remain active between Kirkuk and Diyala and keep carrying out attacks.")
    assert [c.mention.text for c in kept] == ["Makhmour"]
    assert any("stretch of country" in s.reason for s in skipped)


def test_a_phase_whose_toll_is_part_of_the_attacks_toll_is_that_attack():
    kept, _ = assembled("Ten Peshmerga and three civilians were killed when militants stormed a village near Makhmour "
                        "late Thursday.\n"
                        "The militants first attacked the village of Qaryat Xyzzyq near Makhmour, where they killed "
                        "three villagers. Five others were wounded.")
    [attack] = kept
    assert (attack.killed.total, attack.wounded.total) == (13, 5)


def test_a_larger_toll_at_the_same_place_is_another_attack():
    kept, _ = assembled("On Thursday, gunmen killed two soldiers in Kifri.\n"
                        "On Thursday, a car bomb killed nine civilians in Kifri.")
    assert sorted(c.killed.total for c in kept) == [2, 9]


def test_a_risen_toll_replaces_the_first_one():
    kept, _ = assembled("On Saturday, a car bomb killed five people in Tuz Khurmatu.\n"
                        "The death toll rose to seven, including two children, a health official said.")
    [attack] = kept
    assert attack.killed.total == 7


def test_a_wounded_victim_who_died_moves_to_the_killed_wherever_he_died():
    kept, _ = assembled("ISIS militants attacked a Peshmerga post near the village of Qaryat Xyzzyq, on the slopes of "
                        "Qarachogh, on Friday night, killing two Peshmerga and wounding two others.\n"
                        "One of the wounded, a fighter from Koya, died of his wounds in an Erbil hospital, raising the "
                        "death toll to three.")
    [attack] = kept  # not a second attack in Koya or Erbil
    assert attack.killed.as_dict()["peshmerga"] == 3 and attack.wounded.as_dict()["peshmerga"] == 1
    assert attack.place.name == "Qarachogh Mountain"  # the unknown village lies on its slopes
    assert attack.dates.start == date(2021, 9, 10)


def test_a_place_located_from_the_attacks_town_tells_where_in_it():
    kept, _ = assembled("Two Peshmerga were killed in an ISIS attack on their position in the Kifri area late on "
                        "Friday, the ministry said.\n"
                        "In a statement issued on Saturday, the ministry said militants attacked an outpost near the "
                        "village of Qulajo, south of Kifri, at around 11:30 pm.")
    [attack] = kept
    assert attack.place.name == "Kulajo" and attack.dates.start == date(2021, 9, 10)


def test_a_sentence_placed_only_far_from_a_town_goes_on_telling_the_attack_before():
    kept, _ = assembled("At least seven people were killed on Friday when a suicide bomber blew up his car at a "
                        "checkpoint south of Tuz Khurmato.\n"
                        "The attack took place at the southern entrance of the town, some 170 km north of Baghdad.\n"
                        "Four PMF fighters and three civilians were killed, the source said.")
    [attack] = kept  # not an attack in Baghdad
    assert attack.place.name == "Tuz Khurmatu"
    assert attack.killed.as_dict() == {"peshmerga": None, "iraqi_army": None, "police": None, "pmf": 4,
                                            "civilians": 3, "unknown": None}  # the same toll, by group


def test_a_roundups_toll_is_not_the_first_listed_attacks_and_its_outlook_is_no_attack():
    kept, skipped = assembled("At least 12 people were killed and at least 8 wounded.\n"
                              "- September 8: ISIS militants kidnapped two shepherds near Daquq.\n"
                              "The Daquq attack demonstrates the group's capacity to mount attacks in Kirkuk.\n"
                              "Analysts expect continued attacks on army positions near Hawija in the coming weeks.")
    [kidnapping] = kept
    assert kidnapping.killed.total is None and kidnapping.wounded.total is None
    assert {s.reason.split(":")[0] for s in skipped} >= {"generic or habitual statement", "future, plan or threat"}


def test_an_undated_mention_of_an_attack_told_in_detail_is_a_summary():
    kept, _ = assembled("Key figures this week: 4 attacks.\n"
                        "The week opened with an attack on the PMF near Sulaiman Bek.\n"
                        "On Wednesday, ISIS militants attacked a PMF post near Sulaiman Bek, killing two fighters.")
    assert [c.killed.total for c in kept] == [2]


def test_a_sentence_about_the_device_tells_where_the_attack_was():
    kept, _ = assembled("Two truffle hunters were killed on Friday when an explosive device left by IS militants went "
                        "off in a desert area in Iraq's northern province of Salahudin, a police officer said.\n"
                        "The men were looking for truffles in an area east of the town of Shirqat when one of them "
                        "stepped on the device.")
    [attack] = kept
    assert "Shirqat" in attack.place.name and attack.killed.as_dict()["civilians"] == 2


def test_where_the_attack_told_before_came_from_is_no_new_attack():
    kept, skipped = assembled("Militants attacked a Peshmerga post near Daquq on Friday, killing two fighters.\n"
                              "The attack was launched from the Hawija pocket, which IS still controls west of Kirkuk.")
    [attack] = kept
    assert attack.place.name == "Daquq" and [s.reason for s in skipped] == ["no place named"]


def test_a_new_attack_that_raises_a_weekly_toll_is_its_own_attack():
    kept, _ = assembled("On Friday, gunmen killed two shepherds near Daquq.\n"
                        "A roadside bomb killed three soldiers in Tuz Khurmatu on Saturday, raising the death toll in "
                        "Salahuddin this week to 11.")
    assert sorted((c.place.name, c.killed.total) for c in kept) == [("Daquq", 2), ("Tuz Khurmatu", 3)]


def test_a_condemnation_in_the_sentence_keeps_the_attacks_day():
    kept, _ = assembled("Gunmen killed two soldiers in an attack on Friday near Daquq, which the governor condemned.")
    [attack] = kept
    assert attack.dates.start == attack.dates.end == date(2021, 9, 10)


def test_the_days_of_a_funeral_are_not_the_attacks():
    kept, _ = assembled("Mourners gathered in Koya on Sunday to bury three Peshmerga killed in an ISIS attack near "
                        "Qarachogh mountain.\n"
                        "ISIS militants attacked the Peshmerga post near Qarachogh mountain on Friday night, killing "
                        "three Peshmerga.", published=date(2021, 9, 13))
    [attack] = kept
    assert attack.dates.start == date(2021, 9, 10)


def test_attacks_dated_apart_in_their_own_sentences_stay_apart():
    kept, _ = assembled("Militants attacked Peshmerga positions near Gwer late Friday, killing two fighters.\n"
                        "Earlier this month, militants fired mortar rounds at positions near Gwer.\n"
                        "The attack late Friday near Gwer lasted two hours, a commander said.")
    assert sorted(c.dates.precision for c in kept) == ["day", "month"]
    friday = next(c for c in kept if c.dates.precision == "day")
    assert len(friday.annotations) == 2  # "the attack late Friday" retells Friday's attack


def test_an_attack_dated_by_the_sentence_before_it_stays_apart_from_one_dated_earlier_this_month():
    kept, _ = assembled("At least 20 gunmen stormed a village in Kirkuk province early Thursday, local sources said.\n"
                        "Around 20 gunmen stormed a house in the village of Tapa Kura in Shwan district, wounding one "
                        "person.\nEarlier this month, four soldiers were killed in an ISIS ambush in Kirkuk.")
    assert sorted((c.dates.precision, c.killed.total) for c in kept) == [("day", None), ("month", 4)]


def test_extract_verbose_says_why_figures_without_a_place_were_dropped():
    _, skipped = assembled("On Friday, a car bomb killed 20 people in a market in Baghdad.\n"
                           "Mortar shells fell on two neighbourhoods in the capital, killing five people.")
    [dropped] = [s for s in skipped if "Mortar" in s.sentence]
    assert dropped.reason == ("no place named; its figures dropped: the attack told before it (Baghdad) has other "
                              "figures")


def test_a_toll_from_a_named_attack_rising_replaces_it():
    kept, _ = assembled("On Thursday, a twin suicide bombing killed 28 people in a market in Baghdad.\n"
                        "The death toll from Thursday's twin bombing in Baghdad rose to 32, with 110 people wounded.")
    [attack] = kept
    assert (attack.killed.total, attack.wounded.total) == (32, 110)


def test_a_lede_dated_by_its_statement_joins_the_attack_told_with_its_day():
    kept, _ = assembled(
        "Four Iraqi soldiers were killed when jihadists ambushed an army patrol in Anbar province, officials said "
        "Monday.\nThe patrol was hit by a roadside bomb on Sunday near the town of Rutba. Two other soldiers were "
        "wounded.\nIn a separate attack on Saturday night, a roadside bomb wounded three members of the Hashed "
        "al-Shaabi near Jalawla. The blast caused no deaths, a security official said.",
        published=date(2023, 4, 17))  # a Monday
    found = {c.mention.text: (c.dates.start, c.killed.total, c.wounded.total) for c in kept}
    assert found == {"Rutba": (date(2023, 4, 16), 4, 2), "Jalawla": (date(2023, 4, 15), 0, 3)}


def test_a_final_toll_told_later_replaces_the_first():
    kept, _ = assembled("On Friday, a suicide bomber killed at least eight people at a funeral in Kirkuk.\n"
                        "A health official in Kirkuk later said the final toll was nine dead and 15 wounded.")
    [attack] = kept
    assert (attack.killed.total, attack.wounded.total) == (9, 15)


def test_no_casualties_is_a_toll_that_keeps_an_attack_from_being_taken_for_a_summary():
    kept, _ = assembled("Three rockets landed near the K1 base, northwest of Kirkuk, last night, causing no casualties.\n"
                        "On Friday, a mortar round wounded two farmers in a village in Daquq district, south of Kirkuk.")
    assert sorted(((c.killed.total, c.wounded.total) for c in kept), key=str) == [(0, 0), (None, 2)]


@pytest.mark.parametrize("toll, killed", [
    ("killing a police officer and six villagers", 7),
    ("killing six people", 6),  # a named victim may be one of a toll whose victims were not named
])
def test_a_victim_told_later_who_is_part_of_the_toll_adds_the_wounded(toll, killed):
    kept, _ = assembled(f"On Tuesday, militants stormed the village of Imam Wais near Muqdadiyah, {toll}.\n"
                        "A police officer was killed and two villagers were wounded in the exchange of fire.")
    [attack] = kept
    assert (attack.killed.total, attack.wounded.total) == (killed, 2)


def test_an_attack_on_another_day_in_the_same_place_is_another_attack_there():
    kept, _ = assembled("On Sunday, a roadside bomb killed two shepherds in the Sargaran sub-district of Dibis.\n"
                        "It is not the first attack in the area. On September 1, gunmen killed a farmer in the same "
                        "sub-district.")
    assert sorted((c.dates.start, c.killed.total, c.mention.text) for c in kept) == [
        (date(2021, 9, 1), 1, "Sargaran"), (date(2021, 9, 5), 2, "Sargaran")]
    assert Doubt.PLACE_FROM_CONTEXT in next(c for c in kept if c.killed.total == 1).doubts


@pytest.mark.parametrize("told", [
    "ISIS militants beheaded a shepherd in a village near Tuz Khurmatu on Friday.",
    "Militants torched three houses in a village near Khanaqin on Friday.",
    "Gunmen set fire to wheat fields near Daquq on Friday.",
    "ISIS militants blew up a house in Hawija on Friday.",
    "Gunmen assassinated a village mukhtar near Kifri on Friday.",
    "Islamic State insurgents battled Iraqi forces in the center of Baiji on Friday.",
    "Militants breached the perimeter of a Peshmerga post near Makhmour on Friday.",
])
def test_attack_words_beyond_killing_and_bombing_tell_an_attack(told):
    kept, _ = assembled(told)
    assert len(kept) == 1 and kept[0].dates.start == date(2021, 9, 10)


def test_an_assassination_named_as_a_cause_tells_no_attack():
    kept, skipped = assembled("Tensions rose after the assassination of a commander, officials in Kirkuk said.")
    assert kept == [] and skipped == []


@pytest.mark.parametrize("report, toll", [
    ("An IED exploded near an army patrol in Daquq on Friday.\nNo casualties were reported at first.\n"
     "Later, officials said two soldiers were killed and three were wounded.", (2, 3)),
    # another day's toll stays another attack's
    ("A Turkish drone attacked a camp near Makhmour on Friday.\nNo casualties were reported.\n"
     "It answered the August 13 attack in Istanbul, which left six people dead.", (0, 0)),
])
def test_a_first_no_casualties_gives_way_to_the_toll_told_later_for_the_same_days(report, toll):
    [attack] = assembled(report)[0]
    assert (attack.killed.total, attack.wounded.total) == toll


def test_a_ledes_toll_over_several_attacks_is_given_to_none_of_them():
    kept, skipped = assembled("Three attacks killed 12 people in Diyala on Friday.\n"
                              "In the first, gunmen killed five villagers near Khanaqin.\n"
                              "In the second, a bomb killed four soldiers in Jalawla.")
    assert sorted((c.mention.text, c.killed.total) for c in kept) == [("Jalawla", 4), ("Khanaqin", 5)]
    assert any(s.reason.startswith("total over several attacks") for s in skipped)


def test_a_place_inside_the_governorate_a_city_is_named_for_tells_where_it_was_meant():
    kept, _ = assembled("ISIS killed four Peshmerga in Kirkuk on Friday.\n"
                        "The four Peshmerga were killed when militants attacked their post in Daquq district on Friday "
                        "night.")
    [attack] = kept
    assert (attack.place.name, attack.killed.total) == ("Daquq", 4)


@pytest.mark.parametrize("told", [
    "A poster commemorating a slain fighter hangs on a bombed-out building in Sinjar town.",
    "The Iraqi army on Sunday launched an operation targeting ISIS cells in Kirkuk province.",
])
def test_a_ruin_or_an_operation_against_militants_is_no_attack(told):
    kept, _ = assembled(told)
    assert kept == []
