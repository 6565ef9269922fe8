"""Synthetic reports of typical length (about 2,000 characters) for throughput benchmarks.

They mix attack sentences (places drawn from the gazetteer's disputed-territory entries, random
weekdays, victims and figures) with the filler real reports carry: statements, history, recaps.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from geo import get_gazetteer
from incidents.model import Report

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
NUMBERS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "11", "12", "13"]
VICTIMS = ["members of the Peshmerga forces", "Iraqi soldiers", "policemen", "PMF fighters", "civilians"]
ATTACKS = [
    "On {day}, ISIS militants attacked a Peshmerga position near {place}, killing {n} {victims} and wounding "
    "{m} others.",
    "{N} {victims} were killed when a roadside bomb struck their vehicle in {place} late on {day} night.",
    "Unidentified gunmen opened fire on a checkpoint in {place} on {day}, wounding {m} {victims}.",
    "A sniper killed {n} {victims} in {place} on {day}, a security source said.",
]
FILLER = [
    "Kurdish officials and analysts have long blamed a lack of coordination along a stretch of territory "
    "claimed by both Baghdad and Erbil for the group's continued ability to wage deadly attacks.",
    "Islamic State controlled roughly a third of Iraq between 2014 and 2017, including major cities such as Mosul.",
    "The ministry said in a statement that a joint committee would meet next week to discuss the security gap.",
    "It was the third attack against security forces in the area since the start of the month.",
    "Iraqi forces, Kurdish troops and Shia militias defeated the militant group in 2017, but its members still "
    "roam areas of northern Iraq and northeastern Syria.",
    "Residents of the area have called on the authorities to increase protection for villages near the frontline.",
]


def synthetic_reports(count: int, seed: int = 7) -> list[Report]:
    rng = random.Random(seed)
    places = sorted({p.name for p in get_gazetteer().places.values()
                     if p.in_disputed and p.kind in ("town", "village", "sub_district")})
    start = date(2015, 1, 1)
    reports = []
    for i in range(count):
        sentences = []
        for _ in range(rng.randint(1, 3)):
            n = rng.choice(NUMBERS)
            sentences.append(rng.choice(ATTACKS).format(
                day=rng.choice(WEEKDAYS), place=rng.choice(places), n=n, N=n.capitalize(),
                m=rng.choice(NUMBERS), victims=rng.choice(VICTIMS)))
        sentences += rng.sample(FILLER, k=4)
        rng.shuffle(sentences)
        text = "SULAIMANI — " + " ".join(sentences)
        while len(text) < 1800:
            text += " " + rng.choice(FILLER)
        reports.append(Report(title=f"Synthetic report {i}", url=f"https://bench.invalid/{i}",
                              outlet="Bench", published=start + timedelta(days=rng.randint(0, 3650)), text=text))
    return reports
