"""The date window an analyst looks at: presets (last 7, 30, 90 days, this year, all), and the steps of
Play, which slides a window of a chosen length through the window the analyst chose. Plain dates in, plain dates
out; the sidebar (ui/date_controls.py) only lays out the widgets."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date, timedelta
from typing import Sequence

Window = tuple[date, date]

# Presets count back from today: on a store whose latest attack is older than a preset's window the window is
# empty, and stale_note says so (counting back from the latest attack made stale data look current).
PRESETS = {"Last 7 days": 7, "Last 30 days": 30, "Last 90 days": 90, "This year": None, "All": None}
PLAY_LENGTHS = {"1 week": 7, "1 month": 30, "3 months": 91, "1 year": 365}
PLAY_SPEEDS = {"slow": 2.0, "normal": 1.0, "fast": 0.4}  # seconds per step


def preset_window(name: str, first: date, last: date, today: date) -> Window:
    """The window of a preset: "All" is the controls' span [first, last]; the others end today (never before
    `first`)."""
    if name == "All":
        return first, last
    if name == "This year":
        return max(first, date(today.year, 1, 1)), today
    return max(first, today - timedelta(days=PRESETS[name] - 1)), today


def active_preset(window: Window, first: date, last: date, today: date) -> str | None:
    """The preset whose window this is, if any (shown selected); "All" before any that equals it."""
    names = ["All", *(name for name in PRESETS if name != "All")]
    return next((name for name in names if preset_window(name, first, last, today) == window), None)


def stale_note(name: str | None, window: Window, latest: date) -> str | None:
    """What to say when a preset's window ends after the latest attack stored and holds none: stale data must
    not pass for a quiet week."""
    if name in (None, "All") or latest >= window[0]:
        return None
    said = "this year" if name == "This year" else name[0].lower() + name[1:]
    return f"No attack {'' if name == 'This year' else 'in the '}{said}; the latest stored is {latest}."


def play_start(chosen: Window, length_days: int, event_dates: Sequence[date] | None = None) -> Window:
    """Play's first window: the first `length_days` of the window the analyst chose (all of it if shorter);
    given the attacks' dates (sorted), the first such window that holds one, as play_step would reach it."""
    start, end = chosen
    if event_dates is not None:
        first = bisect_left(event_dates, start)  # the first attack in the chosen window
        if first < len(event_dates) and event_dates[first] <= end:
            start += timedelta(days=(event_dates[first] - start).days // length_days * length_days)
    return start, min(end, start + timedelta(days=length_days - 1))


def play_step(window: Window, length_days: int, chosen: Window,
              event_dates: Sequence[date] | None = None) -> Window | None:
    """The next window of Play within the window the analyst chose when pressing Play: it moves on by
    its own length (the last one ends on the chosen last day). None once it has reached that day.
    Given the attacks' dates (sorted), windows without an attack are skipped: Play moves on by as many
    lengths as it takes to reach the next attack (a quiet stretch once cost two seconds a week), and says
    None when no attack is left before the chosen last day."""
    start, end = chosen
    if window[1] >= end:
        return None
    steps = 1
    if event_dates is not None:
        following = bisect_right(event_dates, window[1])  # the first attack after this window
        if following == len(event_dates) or event_dates[following] > end:
            return None
        steps = max(1, -(-(event_dates[following] - window[1]).days // length_days))
    new_end = min(end, window[1] + timedelta(days=length_days * steps))
    return max(start, new_end - timedelta(days=length_days - 1)), new_end
