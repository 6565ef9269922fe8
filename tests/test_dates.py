from datetime import date, timedelta

import pytest

from language.dates import find_dates, stated_anchor, unstated

TUESDAY = date(2021, 12, 7)


def first(sentence, published=TUESDAY):
    found = find_dates(sentence, published)
    return found.ranges[0] if found.ranges else None


@pytest.mark.parametrize("text, expected", [
    ("On Sunday, militants attacked", date(2021, 12, 5)),
    ("late on Thursday night", date(2021, 12, 2)),
    ("early Saturday morning", date(2021, 12, 4)),
    ("on Tuesday", TUESDAY),  # the publication day itself
    ("last Tuesday", date(2021, 11, 30)),
    ("yesterday", date(2021, 12, 6)),
    ("last night", date(2021, 12, 6)),
    ("two days ago", date(2021, 12, 5)),
    ("on December 5, 2021", date(2021, 12, 5)),
    ("on 30 November", date(2021, 11, 30)),
])
def test_day_expressions(text, expected):
    found = first(text)
    assert (found.start, found.end, found.precision) == (expected, expected, "day")


def test_weekday_never_resolves_into_the_future():
    for offset in range(7):
        published = TUESDAY + timedelta(days=offset)
        for day in ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]:
            assert first(f"on {day}", published).start <= published


def test_explicit_date_without_year_is_not_after_publication():
    assert first("on December 20", TUESDAY).start == date(2020, 12, 20)


def test_last_week_is_a_week_range_before_publication():
    found = first("Last week, the militants carried out attacks")
    assert found.precision == "week"
    assert found.start == date(2021, 11, 29) and found.end == date(2021, 12, 6)
    saturday = first("last week", date(2021, 12, 4))
    assert saturday.start <= date(2021, 12, 2) <= saturday.end  # the Khidrjija attack of Thursday


def test_since_is_a_recap_marker_not_an_event_date():
    found = find_dates("the sixth attack since November 27", TUESDAY)
    assert found.recap and not found.ranges


def test_future_and_year_only_expressions_give_no_event_date():
    assert first("they will meet next week") is None
    assert first("between 2014 and 2017") is None


def test_month_precision():
    found = first("in November")
    assert (found.start, found.end, found.precision) == (date(2021, 11, 1), date(2021, 11, 30), "month")


def test_unstated_date_is_the_week_before_publication():
    found = unstated(TUESDAY)
    assert found.end == TUESDAY and (found.end - found.start).days == 7


def test_several_days_ago_is_a_week_range():
    found = first("ISIS attacked checkpoints several days ago")
    assert found.precision == "week" and found.end < TUESDAY and (found.end - found.start).days == 5


TODAY = date(2026, 11, 22)


@pytest.mark.parametrize("text, expected", [
    ("in Dibis on Tuesday (December 7), a source said", date(2021, 12, 7)),  # only 2021 fits from 2014 on
    ("attacked near Naijul on Tuesday night (May 11).", date(2021, 5, 11)),
    ("Diyala, October 26th 2021- Minibus set on fire", date(2021, 10, 26)),
    ("on 5 December 2021, and again on Tuesday (December 7)", date(2021, 12, 7)),  # the latest day stated
    ("executed 12 residents on Monday, July 18.\nPhoto: families arrive, July 2016.", date(2016, 7, 18)),  # not 2022
    ("On the night of 9 October, gunmen attacked a checkpoint, the deadliest attack thus far in 2019.",
     date(2019, 10, 9)),  # the one year the text names
])
def test_a_text_without_publication_date_can_pin_its_own_day(text, expected):
    anchor = stated_anchor(text, TODAY)
    assert anchor is not None and anchor[0] == expected
    assert anchor[1] in text


@pytest.mark.parametrize("text", [
    "On Sunday, gunmen attacked a checkpoint",  # a weekday alone gives no year
    "on Friday (March 6)",  # 2015, 2020 and 2026 all fit: nothing is guessed
    "on Monday (December 7)",  # 2015 and 2020 fit; 2026's is after today
    "on Sunday (February 29)",  # no leap day from 2014 to today was a Sunday
    "On 9 October, gunmen attacked a checkpoint; ISIS took the town in 2014 and lost it in 2017.",  # two years named
])
def test_no_anchor_when_the_text_does_not_pin_one_day(text):
    assert stated_anchor(text, TODAY) is None


def test_weeks_ago_is_that_week():
    [found] = find_dates("Two weeks ago, the group stormed a village.", date(2017, 7, 27)).ranges
    assert found.precision == "week" and found.start <= date(2017, 7, 13) <= found.end
    assert (found.end - found.start).days == 6


def test_earlier_this_month_runs_from_the_first_to_publication():
    [found] = find_dates("Gunmen attacked a village earlier this month.", date(2021, 12, 7)).ranges
    assert (found.start, found.end, found.precision) == (date(2021, 12, 1), date(2021, 12, 7), "month")


def test_the_day_of_the_month_alone_is_the_latest_such_day():
    published = date(2021, 12, 8)
    assert find_dates("The bomb exploded on the 5th.", published).ranges[0].start == date(2021, 12, 5)
    assert find_dates("On the 20th, militants attacked.", published).ranges[0].start == date(2021, 11, 20)


def test_a_wire_dateline_is_no_event_date():
    [found] = find_dates("BAGHDAD, Dec. 7 (Xinhua) -- Two soldiers were killed on Tuesday.", date(2021, 12, 8)).ranges
    assert (found.start, found.expression) == (date(2021, 12, 7), "Tuesday")
    assert find_dates("KIRKUK, Iraq, March 3 (AFP) - Militants attacked a post.", date(2021, 3, 3)).ranges == []


def test_the_day_of_a_statement_puts_the_attack_on_that_day_or_the_day_before():
    published = date(2023, 4, 17)  # a Monday
    [said] = find_dates("Four soldiers were killed in an ambush, security officials said Monday.", published).ranges
    assert (said.start, said.end, said.precision) == (date(2023, 4, 16), date(2023, 4, 17), "range")
    found = find_dates("Two fighters were killed on Sunday, a source told Shafaq News on Monday.", published).ranges
    assert found[0].start == found[0].end == date(2023, 4, 16)  # the attack's own day comes first
    [announced] = find_dates("The PMF announced, on Monday, the martyrdom of two of its fighters.", published).ranges
    assert announced.precision == "range"
    [issued] = find_dates("In a statement issued on Monday, the ministry said militants attacked an outpost.",
                          published).ranges
    assert (issued.start, issued.end, issued.precision) == (date(2023, 4, 16), date(2023, 4, 17), "range")


@pytest.mark.parametrize("stamp, day", [
    ("Shafaq News 2023-03-14 07:52", date(2023, 3, 14)),
    ("KirkukNow - Kirkuk 11.05.2022 | 12:30", date(2022, 5, 11)),
    ("Updated 15/06/2020", date(2020, 6, 15)),
    ("Issued on: 12/10/2019 - 11:20", None),  # October 12 or December 10: not read
])
def test_a_pages_date_stamp_in_figures_dates_it_when_it_reads_one_way(stamp, day):
    found = stated_anchor(stamp, date(2026, 11, 29))
    assert (found[0] if found else None) == day


def test_last_year_is_that_whole_year():
    [found] = find_dates("Last year, an attack near Daquq killed five soldiers.", date(2024, 3, 13)).ranges
    assert (found.start, found.end, found.precision) == (date(2023, 1, 1), date(2023, 12, 31), "range")


def test_of_two_dates_the_one_nearest_the_attack_word_dates_it():
    published = date(2019, 6, 13)  # a Thursday
    text = "The body of a shepherd who was kidnapped two days ago was found on Wednesday in an orchard."
    first = find_dates(text, published, near=text.index("kidnapped")).ranges[0]
    assert first.start == date(2019, 6, 11)
    both = "Clashes on Tuesday and Wednesday killed 23 civilians."
    assert find_dates(both, published, near=both.index("killed")).ranges[0].expression == "Tuesday"  # told together


def test_the_day_before_yesterday():
    [found] = find_dates("They were abducted the day before yesterday.", date(2018, 2, 20)).ranges
    assert found.start == date(2018, 2, 18)


@pytest.mark.parametrize("caption", [
    "Peshmerga fighters near Kifri, March 3, 2016. Photo: a staff photographer",
    "A checkpoint outside Tuz Khurmatu on March 3, 2016. Picture taken March 3, 2016. (Reuters)",
    "Mourners in Daquq, March 3, 2016. Photo exclusively for the site",
])
def test_a_photo_captions_date_never_dates_a_page(caption):
    assert stated_anchor(f"{caption}\nGunmen attacked a checkpoint in Kifri on Monday.", TODAY) is None
    text = f"{caption}\nGunmen attacked a checkpoint in Kifri on Monday, October 4th 2021."
    assert stated_anchor(text, TODAY)[0] == date(2021, 10, 4)


def test_an_anchor_is_sought_within_the_bounds_given():
    text = "An attack on 4 June 2019 recalled the bombing of 2 May 2017."
    assert stated_anchor(text, date(2017, 5, 31), earliest=date(2017, 5, 1))[0] == date(2017, 5, 2)
    assert stated_anchor(text, date(2016, 5, 31), earliest=date(2016, 5, 1)) is None


@pytest.mark.parametrize("sentence", [
    "ISIS claimed responsibility on Tuesday for the bombing that killed three soldiers.",
    "A statement by the Security Media Cell on Tuesday said two soldiers were killed.",
    "Two soldiers were killed in the attack, the ministry tweeted Tuesday.",
])
def test_a_claims_or_statements_day_bounds_the_attack_but_is_not_its_day(sentence):
    [told] = find_dates(sentence, date(2023, 4, 19)).ranges  # a Wednesday
    assert (told.start, told.end, told.precision) == (date(2023, 4, 17), date(2023, 4, 18), "range")
