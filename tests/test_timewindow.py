from datetime import date

from analysis.timewindow import PRESETS, active_preset, play_start, play_step, preset_window, stale_note

FIRST, LAST = date(2014, 6, 1), date(2024, 3, 10)


def test_presets_count_back_from_today_and_say_when_the_data_is_older():
    today = date(2024, 3, 12)  # two days after the latest attack
    assert preset_window("Last 7 days", FIRST, LAST, today) == (date(2024, 3, 6), today)
    assert preset_window("Last 30 days", FIRST, LAST, today) == (date(2024, 2, 12), today)
    assert preset_window("This year", FIRST, LAST, today) == (date(2024, 1, 1), today)
    assert preset_window("All", FIRST, LAST, today) == (FIRST, LAST)
    assert preset_window("Last 90 days", today, today, today) == (today, today)  # never before the first day
    for name in PRESETS:
        assert active_preset(preset_window(name, FIRST, LAST, today), FIRST, LAST, today) == name
    assert active_preset((date(2020, 1, 1), date(2020, 2, 1)), FIRST, LAST, today) is None
    short = (date(2021, 11, 30), date(2021, 12, 5))  # six days of data up to today: "Last 7 days" is all of it
    assert active_preset(short, *short, short[1]) == "All"
    assert stale_note("Last 30 days", preset_window("Last 30 days", FIRST, LAST, today), LAST) is None
    stale = date(2025, 2, 19)
    assert stale_note("Last 7 days", preset_window("Last 7 days", FIRST, stale, date(2025, 6, 1)), stale) == \
        "No attack in the last 7 days; the latest stored is 2025-02-19."
    assert stale_note("This year", (date(2026, 1, 1), date(2026, 6, 1)), stale) == \
        "No attack this year; the latest stored is 2025-02-19."
    assert stale_note("All", (FIRST, LAST), stale) is None and stale_note(None, (LAST, LAST), stale) is None


def test_play_plays_the_whole_span_a_window_at_a_time_and_stops_at_the_end():
    window = play_start((FIRST, LAST), 7)
    assert window == (FIRST, date(2014, 6, 7))
    steps = 0
    while window:
        assert (window[1] - window[0]).days == 6 and window[1] <= LAST
        previous, window, steps = window, play_step(window, 7, (FIRST, LAST)), steps + 1
        assert window is None or window[0] > previous[0]
    assert previous[1] == LAST and steps > 100


def test_play_stays_within_the_chosen_window_and_moves_by_the_window_length():
    chosen = (date(2021, 11, 1), date(2021, 12, 31))
    window = play_start(chosen, 7)
    assert window == (date(2021, 11, 1), date(2021, 11, 7))  # not the start of all data
    assert play_step(window, 7, chosen) == (date(2021, 11, 8), date(2021, 11, 14))  # a week on, not a day
    seen = [window]
    while (window := play_step(window, 7, chosen)) is not None:
        seen.append(window)
    assert seen[-1][1] == chosen[1] and all(chosen[0] <= a <= b <= chosen[1] for a, b in seen)
    assert len(seen) == 9
    month = play_start(chosen, 30)
    assert month == (date(2021, 11, 1), date(2021, 11, 30))
    assert play_step(month, 30, chosen) == (date(2021, 12, 1), date(2021, 12, 30))
    assert play_start((date(2021, 11, 1), date(2021, 11, 3)), 30) == (date(2021, 11, 1), date(2021, 11, 3))


def test_play_skips_the_windows_without_an_attack():
    chosen = (date(2021, 1, 1), date(2021, 12, 31))
    attacks = [date(2021, 1, 3), date(2021, 3, 20), date(2021, 3, 21), date(2021, 12, 30)]
    window = play_start(chosen, 7)
    seen = [window]
    while (window := play_step(window, 7, chosen, attacks)) is not None:
        seen.append(window)
    assert all((b - a).days == 6 for a, b in seen)  # still whole weeks
    assert [sum(a <= d <= b for d in attacks) for a, b in seen] == [1, 2, 1]  # each holds an attack, none missed
    assert seen[-1] == (date(2021, 12, 24), date(2021, 12, 30))  # the weeks keep their steps; then Play stops
    assert play_step(seen[1], 7, chosen, attacks[:3]) is None  # no attack left: Play stops
    assert play_step(seen[0], 7, chosen, []) is None


def test_play_opens_on_the_first_window_that_holds_an_attack():
    chosen = (date(2014, 1, 25), date(2021, 12, 31))
    attacks = [date(2019, 6, 5), date(2021, 3, 20)]
    first = play_start(chosen, 7, attacks)
    assert first[0] <= attacks[0] <= first[1] and (first[1] - first[0]).days == 6
    assert (first[0] - chosen[0]).days % 7 == 0  # on the weeks play_step steps by
    assert play_step(play_start(chosen, 7), 7, chosen, attacks) == first  # where stepping would have reached
    assert play_start(chosen, 7, []) == play_start(chosen, 7)  # nothing to play: the chosen window's start
