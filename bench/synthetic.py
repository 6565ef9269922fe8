"""Synthetic reports of typical length (about 2,000 characters) for throughput benchmarks.

They mix attack sentences (places drawn from the gazetteer's disputed-territory entries, random
weekdays, victims and figures) with the filler real reports carry: statements, history, recaps.
"""
from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from functools import partial
from itertools import islice

from geo import get_gazetteer
from incidents.dedup import consolidate
from exchange.dataset_files import BATCH_ROWS
from exchange.pipeline import default_workers, in_order
from incidents.model import VICTIM_GROUPS, Incident, Report, SourceRef
from store.bulk import BulkRows, bulk_rows, dialect_of
from store.database import IncidentStore

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


# The field mix of incidents in the development corpus's gold coding, roughly.
ATTACK_MIX = {"armed_attack": 40, "ied": 22, "mortar_rocket": 10, "sniper": 6, "ambush": 8, "clash": 6,
              "abduction": 4, "suicide_attack": 2, "other": 2}
PERPETRATOR_MIX = {"isis": 70, "unknown": 28, "other": 2}
DATE_PRECISION_MIX = {"day": 75, "week": 20, "month": 5}
YEARS = 10


def _pick(rng: random.Random, mix: dict[str, int]) -> str:
    return rng.choices(list(mix), weights=list(mix.values()))[0]


def synthetic_incidents(count: int, seed: int = 5, years: int = YEARS,
                        last_day: date = date(2024, 12, 31)) -> tuple[Report, list[Incident]]:
    """`count` incidents over `years` up to `last_day` and every place in the disputed territories (villages most),
    with the corpus's mix of attack types, perpetrators, victim groups, date precisions and tolls;
    returned with the one report they are all sourced to, ready for IncidentStore.add_incidents (a large store:
    store_synthetic, which never holds them all)."""
    report = _synthetic_report(count, seed, years, last_day)
    return report, [_incident(report, *drawn) for drawn in _drawn(count, seed, years, last_day)]


def store_synthetic(store: IncidentStore, count: int, seed: int = 5, years: int = YEARS,
                    last_day: date = date(2024, 12, 31), batch: int = BATCH_ROWS, workers: int | None = None) -> int:
    """The incidents synthetic_incidents makes, stored `batch` at a time through the import's bulk path (one
    transaction each; made into rows by `workers` processes, None: one per CPU), so memory stays flat at a
    million; returns the number stored."""
    report = _synthetic_report(count, seed, years, last_day)
    drawn, stored = _drawn(count, seed, years, last_day), 0
    chunks = iter(lambda: list(islice(drawn, batch)), [])
    make_rows = partial(_bulk_rows, report, dialect_of(store.engine))
    for rows in in_order(make_rows, chunks, default_workers() if workers is None else workers):
        stored += store.add_rows(report, rows, analyze=False)
    store.refresh_statistics()
    return stored


def _synthetic_report(count: int, seed: int, years: int, last_day: date) -> Report:
    return Report(title=f"Synthetic incidents ({count}, seed {seed})", url=f"https://bench.invalid/incidents/{seed}",
                  outlet="Bench", published=last_day, text=f"synthetic {seed} {count} {years}")


def _drawn(count: int, seed: int, years: int, last_day: date) -> Iterator[tuple[str, dict]]:
    """Each incident's identifier and its source's random draws, in one sequence from `seed` (plain values: cheap
    to send to a worker)."""
    rng = random.Random(seed)
    first_day = last_day - timedelta(days=365 * years)
    places = [p for p in get_gazetteer().places.values() if p.in_disputed]
    weights = [1 if p.kind in ("district", "governorate") else 4 for p in places]
    for i in range(count):
        place = rng.choices(places, weights=weights)[0]
        precision = _pick(rng, DATE_PRECISION_MIX)
        start = first_day + timedelta(days=rng.randrange(365 * years))
        # A window ends by last_day, the report's publication: no account tells of a day after its report.
        end = min(start + timedelta(days={"day": 0, "week": 6, "month": 29}[precision]), last_day)
        group = rng.choice(VICTIM_GROUPS[:-1])
        killed = {group: rng.choice([0, 0, 1, 1, 1, 2, 2, 3, 4, 5, 7, 12])} if rng.random() < 0.85 else {}
        wounded = {group: rng.choice([0, 1, 2, 3, 5, 8])} if rng.random() < 0.7 else {}
        yield f"bench-{seed}-{i}", dict(
            mention=i, sentence=f"Synthetic attack {i} near {place.name}.", place=place.name, place_id=place.place_id,
            location=place.name, latitude=place.latitude + rng.uniform(-0.01, 0.01),
            longitude=place.longitude + rng.uniform(-0.01, 0.01), geo_precision=place.geo_precision.value,
            admin1=place.admin1, admin2=place.admin2, sector=place.sector, radius_km=place.radius_km,
            event_date=start + (end - start) // 2, date_start=start, date_end=end, date_precision=precision,
            killed=killed, wounded=wounded, attack_type=_pick(rng, ATTACK_MIX), perpetrator=_pick(rng, PERPETRATOR_MIX))


def _incident(report: Report, incident_id: str, drawn: dict) -> Incident:
    source = SourceRef(report_id=report.report_id, published=report.published, outlet="Bench", **drawn)
    return consolidate(incident_id, [source])


def _bulk_rows(report: Report, dialect: str, chunk: list[tuple[str, dict]]) -> list[BulkRows]:
    """A chunk of draws as the rows store.bulk writes (in a worker process)."""
    return [bulk_rows(_incident(report, *drawn), dialect) for drawn in chunk]
