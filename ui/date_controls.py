"""The sidebar's event-date controls: presets, typed From and To, the slider, a week back and forward, and Play.
Streamlit layout over analysis.timewindow (the presets and Play's steps, tested without Streamlit)."""
from __future__ import annotations

import time
from datetime import date, timedelta
from typing import Callable

import streamlit as st

from analysis.timewindow import (PLAY_LENGTHS, PLAY_SPEEDS, PRESETS, active_preset, play_start, play_step,
                                 preset_window, stale_note)

NEXT_WINDOW = "next_date_window"  # session keys: the window a step or play asks for,
DATES_SHOWN = "dates_shown"  # the window the date controls showed, and the controls' own keys
DATE_KEYS = {"preset": "dates_preset", "from": "dates_from", "to": "dates_to", "slider": "dates_slider"}
PLAYING, LAST_TICK = "playing", "play_last_tick"  # whether Play runs, and when it last moved
PLAY_RANGE = "play_range"  # the window chosen when Play was pressed: Play stays within it


def requested_window() -> tuple[date, date] | None:
    """The window a preset, a week step or Play asked for on the run before, once."""
    return st.session_state.pop(NEXT_WINDOW, None)


def _move_to(window: tuple[date, date]) -> None:
    st.session_state[NEXT_WINDOW] = window


# Streamlit's date field applies a typed date when it loses focus with its calendar closed, and ignores Enter:
# Enter closes the calendar (as Escape does), then leaves the field.
ENTER_APPLIES = """<script>
if (!window.frontlineEnterApplies) {
    window.frontlineEnterApplies = true;
    document.addEventListener("keydown", function (event) {
        var typed = event.target, field = event.key === "Enter" && typed.closest
            && typed.closest('[data-testid="stDateInputField"]');
        if (!field) { return; }
        typed.dispatchEvent(new KeyboardEvent("keydown", {key: "Escape", bubbles: true}));
        setTimeout(function () { typed.blur(); }, 100);
    }, true);
}
</script>"""


def date_controls(sidebar, window: tuple[date, date], first: date, last: date,
                  event_days: Callable[[], list[date]], latest: date) -> tuple[date, date]:
    """The event-date window: presets (counting back from today), typed From and To, the slider, a week back
    and forward, and Play (a window of a chosen length sliding at a chosen speed; Stop takes effect at once).
    The controls share one window: the one the analyst changed sets it, and the others are set to it before
    they are drawn, so a change costs one run of the page. A preset's window after the `latest` attack stored
    is said to hold none."""
    keys, today = st.session_state, date.today()
    shown = keys.get(DATES_SHOWN)
    if shown == window:  # the link did not move the window: did a control?
        typed = (keys.get(DATE_KEYS["from"], window[0]), keys.get(DATE_KEYS["to"], window[1]))
        preset = keys.get(DATE_KEYS["preset"])
        if typed != window and None not in typed:  # a cleared field changes nothing
            window = typed
        elif tuple(keys.get(DATE_KEYS["slider"], window)) != window:
            window = tuple(keys[DATE_KEYS["slider"]])
        elif preset and preset != active_preset(window, first, last, today):
            window = preset_window(preset, first, last, today)
    window = (max(first, min(window)), min(last, max(window)))
    keys[DATES_SHOWN] = window
    keys[DATE_KEYS["from"]], keys[DATE_KEYS["to"]] = window
    keys[DATE_KEYS["slider"]] = window
    keys[DATE_KEYS["preset"]] = active_preset(window, first, last, today)
    sidebar.pills("Event dates", list(PRESETS), key=DATE_KEYS["preset"])
    stale = stale_note(keys[DATE_KEYS["preset"]], window, latest)
    if stale:
        sidebar.warning(stale)
    sidebar.html(ENTER_APPLIES, unsafe_allow_javascript=True)
    sidebar.date_input("From", min_value=first, max_value=last, key=DATE_KEYS["from"], format="YYYY-MM-DD")
    sidebar.date_input("To", min_value=first, max_value=last, key=DATE_KEYS["to"], format="YYYY-MM-DD")
    sidebar.slider("Event dates", min_value=first, max_value=last, step=timedelta(days=1), format="YYYY-MM-DD",
                   key=DATE_KEYS["slider"], label_visibility="collapsed")
    start, end = window
    back, forward = sidebar.columns(2)
    width = end - start
    if back.button("◀ week", use_container_width=True, disabled=start <= first):
        moved = max(first, start - timedelta(weeks=1))
        _move_to((moved, moved + width))
        st.rerun()
    if forward.button("week ▶", use_container_width=True, disabled=end >= latest):  # not past the latest attack
        moved = min(latest, end + timedelta(weeks=1))
        _move_to((moved - width, moved))
        st.rerun()
    _play(sidebar, (start, end), first, last, event_days)
    return start, end


def _play(sidebar, window: tuple[date, date], first: date, last: date, event_days: Callable[[], list[date]]) -> None:
    """Play: a fragment ticking every chosen seconds moves the window on, past windows holding no attack
    (`event_days()`: the days of the attacks under the other filters and the search, sorted, asked for only while
    playing); Stop removes it, so no tick comes after."""
    length, speed = sidebar.columns(2)
    days = PLAY_LENGTHS[length.selectbox("Play a window of", list(PLAY_LENGTHS), key="play_length")]
    seconds = PLAY_SPEEDS[speed.selectbox("Speed", list(PLAY_SPEEDS), index=1, key="play_speed")]
    playing = st.session_state.get(PLAYING, False)
    if sidebar.button("Stop" if playing else "▶ Play", use_container_width=True, key="play"):
        playing = st.session_state[PLAYING] = not playing
        if playing:  # the first window at once: the first of the chosen window's that holds an attack
            st.session_state[PLAY_RANGE] = window
            _move_to(play_start(window, days, event_days()))
        st.rerun()
    if not playing:
        return
    sidebar.caption(f"Playing: {window[0]} to {window[1]}, one step every {seconds:g} s")

    @st.fragment(run_every=seconds)
    def tick() -> None:
        if time.monotonic() - st.session_state.get(LAST_TICK, 0.0) < seconds * 0.8:
            return  # this run drew the page; the next tick moves on
        st.session_state[LAST_TICK] = time.monotonic()
        following = play_step(window, days, st.session_state.get(PLAY_RANGE, (first, last)), event_days())
        if following is None:
            st.session_state[PLAYING] = False
            st.toast("Play reached the last attack of the chosen dates.")
        else:
            _move_to(following)
        st.rerun(scope="app")

    st.session_state.setdefault(LAST_TICK, time.monotonic())
    with sidebar:
        tick()
