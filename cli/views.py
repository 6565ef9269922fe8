"""`frontline export` and `frontline stats`: a filtered view of the store written out, or its headline figures,
with the same filter options and the same functions the dashboard uses (store.query.IncidentFilter,
store.figures.headline), so the command line and the dashboard give the same figures."""
from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from analysis.labels import GROUP_LABELS
from incidents.model import ATTACK_TYPES, PERPETRATORS, VICTIM_GROUPS
from store.query import OPENING_VIEW, REVIEW_STATUSES, IncidentFilter, parse_box, parse_minimum


def day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def minimum(value: str) -> int:
    try:
        return parse_minimum(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def box(value: str):
    try:
        return parse_box(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _add_filter_arguments(p: argparse.ArgumentParser, area_default: str) -> None:
    p.add_argument("--from", dest="date_from", type=day, help="earliest event date YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", type=day, help="latest event date YYYY-MM-DD")
    p.add_argument("--sector", action="append", default=[], help="frontline sector (repeatable)")
    p.add_argument("--admin1", action="append", default=[], help="governorate (repeatable)")
    p.add_argument("--perpetrator", action="append", default=[], choices=PERPETRATORS)
    p.add_argument("--attack-type", action="append", default=[], choices=ATTACK_TYPES)
    p.add_argument("--victim-group", action="append", default=[], choices=VICTIM_GROUPS)
    p.add_argument("--status", action="append", default=[], choices=REVIEW_STATUSES,
                   help="review status (repeatable; default: extracted and reviewed, as the dashboard opens)")
    p.add_argument("--min-fatalities", type=minimum)
    p.add_argument("--origin", action="append", default=[], choices=["reports", "acled", "ucdp"],
                   help="dataset (repeatable): extracted from reports, or imported")
    p.add_argument("--bbox", type=box, metavar="W,S,E,N", help="only incidents inside this box (degrees)")
    p.add_argument("--area", choices=["study", "outside", "all"], default=area_default,
                   help=f"the study area (the frontline sectors), outside it, or all (default: {area_default})")
    p.add_argument("--count-awaiting", action="store_true", help="count the incidents awaiting review too (an "
                   "extracted incident whose figures are in question: left out unless counted)")


def filter_from(args, statuses: tuple[str, ...] = ()) -> IncidentFilter:
    """The filter the options ask for; `statuses` when none is given."""
    return IncidentFilter(date_from=args.date_from, date_to=args.date_to, sectors=tuple(args.sector),
                          admin1=tuple(args.admin1), perpetrators=tuple(args.perpetrator),
                          attack_types=tuple(args.attack_type), victim_groups=tuple(args.victim_group),
                          statuses=tuple(args.status) or statuses, origins=tuple(args.origin),
                          min_fatalities=args.min_fatalities, box=args.bbox,
                          area=None if args.area == "all" else args.area, count_awaiting=args.count_awaiting)


def cmd_export(args) -> int:
    from exchange.export_files import export_to_file, write_export

    store, flt = args.store(args), filter_from(args, statuses=OPENING_VIEW.statuses)
    if args.output:  # streamed from the database a batch at a time: memory stays flat at a million incidents
        written = export_to_file(store, flt, args.format, Path(args.output))
        print(f"{written} incident(s) written to {args.output}", file=sys.stderr)
    else:
        write_export(store, flt, args.format, sys.stdout)
    return 0


def cmd_stats(args) -> int:
    from analysis.tables import resting_on
    from store.figures import headline

    flt = filter_from(args, statuses=OPENING_VIEW.statuses)
    figures = headline(args.store(args), flt)  # computed by the database, as the dashboard's
    if args.json:
        print(json.dumps({**figures, "filter": flt.to_query()}, indent=2))
        return 0
    awaiting = figures["awaiting_review"]
    print(f"incidents: {figures['incidents']:,}" + (f" ({awaiting:,} awaiting review " + (
        "counted)" if flt.count_awaiting else "not counted: --count-awaiting counts them)") if awaiting else ""))
    print(f"killed: {figures['killed']:,}\nwounded: {figures['wounded']:,}")
    print("killed by victim group: " + ", ".join(f"{GROUP_LABELS[g]} {figures[f'killed_{g}']:,}"
                                                 for g in VICTIM_GROUPS))
    print(resting_on(figures))
    return 0


def register(sub, store_factory) -> None:
    """`frontline export` and `frontline stats`, opening the store with `store_factory(args)`."""
    p = sub.add_parser("export", help="write the stored incidents that match a filter (those awaiting review only "
                       "with --count-awaiting)")
    p.add_argument("--format", choices=["csv", "geojson", "acled"], default="csv",
                   help="our CSV, GeoJSON, or ACLED's column layout")
    _add_filter_arguments(p, area_default="all")
    p.add_argument("--output", "-o", help="file to write (default: standard output)")
    p.set_defaults(func=cmd_export, store=store_factory)

    p = sub.add_parser("stats", help="the headline figures of a filter, as the dashboard shows them (default: the "
                       "dashboard's opening view: every date, the study area, incidents not rejected)")
    _add_filter_arguments(p, area_default=OPENING_VIEW.area)
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.set_defaults(func=cmd_stats, store=store_factory)
