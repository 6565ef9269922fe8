"""Stage one of extraction on its own: what each sentence is read to say, with offsets."""
from datetime import date, timedelta

import pytest

from geo import get_gazetteer
from extraction.annotate import annotate
from incidents.model import Report
from language.sentences import MAX_SENTENCE_CHARS, split_sentences

PUBLISHED = date(2021, 12, 7)  # a Tuesday


def read(text: str):
    return annotate(Report(published=PUBLISHED, text=text), get_gazetteer())


def test_a_sentence_is_read_once_with_its_offsets():
    text = "On Sunday, ISIS militants attacked the Peshmerga near Qara Salim in Prde sub-district, killing four."
    [a] = read(text)
    assert text[a.cue[0]:a.cue[1]] == "attacked"
    assert a.date.start == date(2021, 12, 5) and a.date.precision == "day"
    assert a.casualties.killed.total == 4
    assert a.perpetrator == "isis" and a.skip is None
    places = {m.text: m for m in a.mentions}
    assert text[places["Qara Salim"].start:places["Qara Salim"].end] == "Qara Salim"
    assert places["Qara Salim"].locator.match.place.name == "Qara Salim"
    assert "Qara Salim" in a.describe() and "killed" in a.describe()


def test_sentences_without_attack_words_carry_only_their_text():
    first, second = read("The delegation met officials in Baghdad. Gunmen attacked a checkpoint in Kifri on Monday.")
    assert first.cue is None and first.mentions == [] and first.dates.ranges == []
    assert second.cue is not None and second.mentions[0].text == "Kifri"


def test_skips_are_decided_on_the_sentence_alone():
    headline, recap, history = read("ISIS attack kills two near Kirkuk\n"
                                    "Three civilians and 18 Peshmerga were killed in the attacks of recent days.\n"
                                    "In November 2019, militants attacked a village near Kifri and killed a farmer.")
    assert headline.skip.startswith("headline")
    assert recap.skip == "recap: a toll over a period"
    assert history.skip.startswith("history")


def test_a_roundups_counts_and_an_earlier_undated_attack_are_no_attacks():
    count, comparison, earlier = read(
        "The Watch recorded five security incidents during the reporting week, in which three people were killed.\n"
        "This is a slight increase compared to the previous week (three incidents, one killed).\n"
        "The attack came days after a roadside bomb wounded two PMF fighters near Mandali.")
    assert count.skip.startswith("recap: a count")
    assert comparison.casualties.killed.total == 1  # incidents are not people
    assert earlier.skip.startswith("history")


def test_a_dated_toll_that_raises_a_periods_toll_is_no_recap():
    [bomb] = read("A roadside bomb killed three soldiers in Tuz Khurmatu on Saturday, bringing the toll of this "
                  "month's attacks to 11.")
    assert bomb.skip is None


def test_a_period_before_the_attacks_counted_makes_a_recap():
    [stats] = read("Key figures this week: 4 attacks | 3 killed | 6 wounded (all in the disputed territories)")
    assert stats.skip.startswith("recap")


def test_a_months_statistics_are_a_recap_but_a_dated_toll_beside_a_count_is_an_attack():
    stats, dated = read(
        'The source said, "Kirkuk recorded during the month of November eleven security incidents, including six '
        'explosions, which resulted in the killing of four people and the wounding of nine others."\n'
        "Earlier on Monday, a mortar shell injured a farmer and his son near Daquq, the source added, without saying "
        "whether the two incidents were linked.")
    assert stats.skip.startswith("recap: a count") and stats.date.precision == "month"
    assert dated.skip is None


def test_an_ordinal_count_of_attacks_of_a_kind_is_a_recap():
    second, third = read("This is the second rocket attack on Tuz Khurmatu since the federal forces took control.\n"
                         "This explosion is the third of its kind in Kirkuk governorate since the beginning of May.")
    assert second.skip.startswith("recap") and third.skip.startswith("recap")


def test_a_date_told_from_the_sentence_before_is_read_from_its_date():
    old, later = read("In December 2019, militants attacked a village near Makhmour, killing ten Peshmerga.\n"
                      "Days later, eight Peshmerga were killed in attacks near Kifri.")
    assert old.skip.startswith("history") and later.skip.startswith("history")
    assert later.date.start == date(2020, 1, 1)
    june, same = read("In June 2020, IS attacked the village of Ali Saray, killing two farmers.\n"
                      "That same month, two Kakai men were killed by a roadside bomb near Daquq.")
    assert same.date.start == june.date.start and same.skip.startswith("history")
    sunday, later = read("On Sunday gunmen attacked a checkpoint near Kifri. Two days later a bomb hit a patrol.")
    assert later.date.start == later.date.end == sunday.date.start + timedelta(days=2)
    sunday, monday = read("On Sunday gunmen attacked a checkpoint near Kifri. The next day a bomb hit a patrol.")
    assert monday.date.start == sunday.date.start + timedelta(days=1) == date(2021, 12, 6)


def test_bodies_found_are_the_aftermath_of_an_attack_told_before():
    [found] = read('The statement added that "the bodies of the three abductees were found this morning in the '
                   'village of Kharaba, in the al-Zab area of Hawija district."')
    assert found.skip.startswith("aftermath") and found.date is None


def test_a_numbered_list_of_headlines_is_page_clutter():
    first, second = read("4. Two Peshmerga killed in Makhmour IED blast\n5. Turkish drone hits car near Makhmour camp")
    assert first.headline and second.headline and first.skip.startswith("headline")


def test_a_toll_in_those_weeks_is_over_a_period():
    weeks, months = read("Dozens were killed in clashes south of the city and at Altun Kupri in those weeks.\n"
                         "Hundreds of families have fled Hawija in recent months, a journey in which dozens of people "
                         "were killed by landmines.")
    assert weeks.skip == months.skip == "recap: a toll over a period"


def test_an_execution_is_an_attack():
    [executed] = read("ISIS militants executed 12 residents of the Hawija district on Monday in the main square.")
    assert executed.cue is not None and executed.casualties.killed.total == 12


def test_a_background_month_is_history_but_last_week_is_news():
    old, recent = read("In October, gunmen attacked a checkpoint near Kifri, killing two soldiers.\n"
                       "Last week gunmen attacked a checkpoint near Kifri, killing two soldiers.")
    assert old.skip.startswith("history")
    assert recent.skip is None


def test_governments_named_by_their_capitals_are_not_places():
    a, b, c = read("Attacks continue in the areas disputed between Erbil and Baghdad, he said.\n"
                   "Coordination between Baghdad and Erbil failed to stop the attacks.\n"
                   "Gunmen attacked a checkpoint in Erbil on Monday.")
    assert a.mentions == [] and b.mentions == []
    assert [m.text for m in c.mentions] == ["Erbil"]


def test_relation_cues():
    another, told_again, total = read(
        "Meanwhile, gunmen attacked a checkpoint in Kifri.\n"
        "The attack happened at night.\n"
        "Explosives killed at least four people in two villages near Makhmour on Saturday.")
    assert another.another and not another.anaphora
    assert told_again.anaphora
    assert total.over_several


def test_page_code_and_invisible_characters():
    clutter, rtl = read('string(1082) "[{"id":"159","title":"Suicide bomb attack in Samarra","pic":"/a/b.jpg"}]"\n'
                        "Gunmen attacked a checkpoint in \u202eKifri\u202c on Monday, killing two soldiers.")
    assert clutter.skip.startswith("headline, caption or page clutter")
    assert rtl.skip is None and [m.text for m in rtl.mentions] == ["Kifri"]
    assert rtl.casualties.killed.total == 2


def test_a_run_on_sentence_is_cut_into_bounded_pieces():
    text = "Gunmen attacked a checkpoint near Kirkuk, killing three Peshmerga, " * 200
    pieces = split_sentences(text)
    assert len(pieces) > 1 and all(len(p.text) <= MAX_SENTENCE_CHARS for p in pieces)
    assert " ".join(p.text for p in pieces).count("Gunmen") == 200


def test_a_photo_caption_with_its_credit_is_not_a_report_of_its_own():
    caption, story = read("Police inspect the site of a bombing that killed nine officers near Kirkuk, "
                          "December 18, 2022. (Photo: AFP via Getty Images)\n"
                          "An explosive device killed nine police officers near Kirkuk on Sunday, officials said.")
    assert caption.skip.startswith("headline, caption or page clutter")
    assert story.skip is None and story.casualties.killed.total == 9


def test_a_neighbouring_states_strike_is_an_attack_by_another_actor():
    [a] = read("On Sunday, a Turkish drone strike killed two fighters in Sinjar.")
    assert (a.perpetrator, a.attack_type, a.skip) == ("other", "other", None)
    assert a.casualties.killed.total == 2


def test_figures_told_alone_have_no_place_of_their_own():
    _, a = read("Gunmen attacked a post in Kifri on Sunday.\nNo casualties were reported in Kifri.")
    assert a.cue is not None and a.mentions == [] and a.casualties.killed.total == 0


def test_a_neighbouring_word_is_no_reason_to_skip_a_dated_toll():
    [a] = read("On Saturday night, a roadside bomb wounded three members of the Hashed al-Shaabi, now part of the "
               "regular forces, near Jalawla.")
    assert a.skip is None and a.casualties.wounded.pmf == 3


@pytest.mark.parametrize("sentence", [
    "Turkish drones have carried out at least 11 strikes in Sinjar since the start of this year, killing 14.",
    "Since the start of September, ISIS attacks in the two provinces have killed at least nine soldiers.",
])
def test_tolls_counted_since_the_start_of_a_period_are_a_recap(sentence):
    [a] = read(sentence)
    assert a.skip and a.skip.startswith("recap")


def test_the_fighters_a_states_strike_kills_are_its_victims():
    [a] = read("On Sunday, a Turkish drone strike killed two PKK militants near Makhmour camp.")
    assert a.perpetrator == "other" and a.casualties.killed.total == 2 and not a.casualties.militants_killed
    [b] = read("On Sunday, Peshmerga killed two ISIS militants near Makhmour.")
    assert b.casualties.killed.total is None and b.casualties.militants_killed == 2


@pytest.mark.parametrize("sentence, reason", [
    ("Earlier on Monday, security forces in Dibis foiled an attack on an army checkpoint; no one was hurt.", "foiled"),
    ("Bomb disposal teams defused three explosive devices planted on the road near Daquq.", "foiled"),
    ('"We face attacks every night along this line," a Peshmerga colonel on the Makhmour front said.', "generic"),
])
def test_attack_words_that_tell_no_attack(sentence, reason):
    [a] = read(sentence)
    assert a.skip and a.skip.startswith(reason)


def test_a_foiled_attack_that_still_wounded_someone_took_place():
    [a] = read("On Monday, soldiers foiled an attack on a checkpoint in Dibis, but two of them were wounded.")
    assert a.skip is None


def test_the_hospital_the_wounded_were_taken_to_is_no_place_of_the_attack():
    _, after = read("On Sunday, gunmen killed two soldiers at a checkpoint in Jalawla.\n"
                    "The wounded soldiers were taken to hospital in Khanaqin.")
    assert after.mentions == []


def test_an_attack_told_only_by_its_year_is_background():
    [a] = read("Last year, an ISIS attack on an Iraqi army post near Daquq killed five soldiers.")
    assert a.skip and a.skip.startswith("history")


# A toll over a war, a year or a campaign is background whatever its size, even when the sentence names a place and
# a day (the day the figures were given).
@pytest.mark.parametrize("sentence", [
    "Makhmour has been on the front line of a war in which some 900 Peshmerga have been killed and about 4,000 "
    "wounded, the ministry said on Monday.",
    "Since 2014, more than 60 soldiers have been killed near Daquq, an officer said on Sunday.",
    "In the past year, ISIS attacks killed 27 civilians in the villages around Khanaqin.",
    "The group has to date killed 19 shepherds near Tuz Khurmatu, the mayor told reporters on Saturday.",
    "About 80 fighters of the Hashd were killed during the campaign against ISIS in Tuz Khurmatu, and 300 others "
    "were wounded.",
    "Some 14 farmers have been killed near Kifri so far this year, local officials said on Monday.",
    "Hundreds gathered in Tuz Khurmatu on Sunday for the anniversary of the bombing in which 70 people were killed.",
])
def test_a_toll_over_a_war_or_a_year_is_a_recap_whatever_its_size(sentence):
    [a] = read(sentence)
    assert a.skip and a.skip.startswith(("recap: a toll over a period", "history"))  # "since 2014" is history too
    assert a.casualties.killed.total is None and a.casualties.wounded.total is None
    assert a.casualties.over_a_period


@pytest.mark.parametrize("sentence, killed", [
    ("On Sunday, gunmen killed three soldiers near Daquq in the deadliest attack on the army this year.", 3),
    ("ISIS, which has hidden in the Hamrin hills since 2014, killed two shepherds near Tuz Khurmatu on Sunday.", 2),
    ("Earlier this year, a roadside bomb killed two farmers near Kifri.", 2),
    ("A bomb killed four soldiers near Daquq on Sunday, raising the number of soldiers killed this year to 31.", 4),
    ("A war reporter said a mortar shell killed two children near Tuz Khurmatu on Sunday.", 2),
])
def test_a_period_beside_an_attacks_own_toll_leaves_it_counted(sentence, killed):
    [a] = read(sentence)
    assert a.skip is None and a.casualties.killed.total == killed
