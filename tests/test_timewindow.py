from datetime import date

from incidents.timewindow import PRESETS, active_preset, play_step, preset_window

FIRST, LAST = date(2014, 6, 1), date(2024, 3, 10)


def test_presets_count_back_from_the_latest_attack():
    assert preset_window("Last 7 days", FIRST, LAST) == (date(2024, 3, 4), LAST)
    assert preset_window("Last 30 days", FIRST, LAST) == (date(2024, 2, 10), LAST)
    assert preset_window("This year", FIRST, LAST) == (date(2024, 1, 1), LAST)
    assert preset_window("All", FIRST, LAST) == (FIRST, LAST)
    assert preset_window("Last 90 days", LAST, LAST) == (LAST, LAST)  # never before the first day
    for name in PRESETS:
        assert active_preset(preset_window(name, FIRST, LAST), FIRST, LAST) == name
    assert active_preset((date(2020, 1, 1), date(2020, 2, 1)), FIRST, LAST) is None
    short = (date(2021, 11, 30), date(2021, 12, 5))  # six days of data: "Last 7 days" is all of it
    assert active_preset(short, *short) == "All"


def test_play_starts_at_the_beginning_from_the_full_window_and_stops_at_the_end():
    window = play_step((FIRST, LAST), 7, FIRST, LAST)
    assert window == (FIRST, date(2014, 6, 7))  # the full window: play starts over with a week
    steps = 0
    while window:
        assert (window[1] - window[0]).days == 6 and window[1] <= LAST
        previous, window, steps = window, play_step(window, 7, FIRST, LAST), steps + 1
        assert window is None or window[1] > previous[1]
    assert previous[1] == LAST and steps > 100
