"""The `frontline` command: the same core functions the dashboard uses, from a shell."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from alembic.util.exc import CommandError as AlembicError
from sqlalchemy.exc import SQLAlchemyError

from cli.views import box
from cli.views import register as register_views
from cli.watch import register as register_watch
from extraction.evaluate import HALVES
from incidents.model import Casualties, Incident
from store.audit import REVIEW


def _toll(counts: Casualties) -> str:
    """A toll as `extract` lists it: each group's number; 0 when the report says nobody ("no casualties"), which is
    not the same as no number given."""
    named = ", ".join(f"{g} {n}" for g, n in counts.as_dict().items() if n)
    return named or ("0" if counts.total == 0 else "no number")


def _describe(incident: Incident) -> str:
    from incidents.dedup import reporter

    when = incident.event_date.isoformat() if incident.date_precision == "day" else (
        f"{incident.date_start}..{incident.date_end} ({incident.date_precision})")
    where = incident.location or f"{incident.place} (not geocoded)"
    if incident.latitude is not None:
        where += f" [{incident.latitude:.4f}, {incident.longitude:.4f}; {incident.geo_precision}]"
    admin = " / ".join(x for x in (incident.admin1, incident.admin2) if x)
    killed, wounded = _toll(incident.killed), _toll(incident.wounded)
    lines = [f"{incident.incident_id}  {when}  {where}",
             f"  place as written: {incident.place}; {admin}; sector: {incident.sector or '-'}",
             f"  {incident.attack_type} by {incident.perpetrator}; killed: {killed}; wounded: {wounded}"]
    if incident.fatalities_low != incident.fatalities_high:
        lines.append(f"  fatalities low/best/high: {incident.fatalities_low}/{incident.fatalities_best}/"
                     f"{incident.fatalities_high}")
    lines += [f"  source {s.report_id}/{s.mention}: {reporter(s)} ({s.published}): "
              f"\"{s.sentence}\""
              for s in incident.sources]
    if incident.confidence is not None:
        lines.append(f"  confidence {incident.confidence:.2f}" +
                     (f"; review first: {incident.review_reason}" if incident.review_reason else ""))
    if incident.notes:
        lines.append(f"  notes: {incident.notes}")
    return "\n".join(lines)


def _store(args):
    from store.database import IncidentStore
    return IncidentStore(args.database)


def cmd_extract(args) -> int:
    from extraction.extract import extract
    from reports.reading import ReportError, read_reports

    reports = list(read_reports([args.file], published=args.published))
    if not reports:
        print(f"error: no report found in {args.file}", file=sys.stderr)
        return 2
    status = 0
    all_incidents = []
    for report in reports:
        if isinstance(report, ReportError):
            print(f"refused {report}", file=sys.stderr)
            status = 2
            continue
        extraction = extract(report)
        all_incidents += extraction.incidents
        if not args.json:
            print(f"{len(extraction.incidents)} incident(s) in {report.path} (published {report.published})")
            for incident in extraction.incidents:
                print(_describe(incident))
                if args.verbose:
                    print(f"    judged: probability {extraction.judged[incident.incident_id]:.2f} that it is an attack")
                    print("\n".join(f"    read {a.describe()}" for a in extraction.behind[incident.incident_id]))
            if args.verbose:
                for skipped in extraction.skipped:
                    print(f"skipped ({skipped.reason}): \"{skipped.sentence}\"\n"
                          f"    read {skipped.annotation.describe()}")
            if extraction.unresolved_places:
                print("places not in the gazetteer: " + ", ".join(extraction.unresolved_places))
    if args.json:
        print(json.dumps([i.model_dump(mode="json") for i in all_incidents], indent=2, ensure_ascii=False))
    return status


def cmd_ingest(args) -> int:
    from reports.reading import read_reports

    store = _store(args)
    summary = store.ingest(read_reports(args.paths, published=args.published, title=args.title, url=args.url,
                                        outlet=args.source), progress=sys.stderr.isatty() or args.progress)
    print("\n".join(summary.lines()))
    print(f"database: {store.display_url}")
    return 1 if summary.refused else 0


def cmd_geocode(args) -> int:
    from geo import get_gazetteer
    from geo.mentions import resolve_phrase

    gazetteer = get_gazetteer()
    results = []
    for name in args.names:
        mention = resolve_phrase(name, gazetteer)
        if mention is None or mention.match is None:
            results.append({"query": name, "found": False})
            continue
        match = mention.match
        results.append({"query": name, "found": True, "method": match.method, "score": round(match.score, 1),
                        **match.place.as_dict(), "geo_precision": mention.precision.value,
                        "alternatives": [p.as_dict() for p in match.alternatives]})
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
        return 0
    for r in results:
        if not r["found"]:
            print(f"{r['query']}: unknown (not in the gazetteer)")
            continue
        print(f"{r['query']}: {r['name']} ({r['kind']}, {r['geo_precision']}) {r['latitude']:.5f}, "
              f"{r['longitude']:.5f}; {r['admin1'] or '-'} / {r['admin2'] or '-'}; sector: {r['sector'] or '-'}"
              f"; {r['method']} match" + (f"; {len(r['alternatives'])} other place(s) of that name"
                                          if r["alternatives"] else ""))
    return 0


def cmd_history(args) -> int:
    edits = _store(args).history(limit=args.limit, incident_id=args.incident, actions=None if args.all else REVIEW)
    if not edits:
        print("no analyst action recorded")
    for edit in edits:
        done = f" [undone by #{edit.undone_by}]" if edit.undone_by else ""
        print(f"#{edit.id} {edit.at:%Y-%m-%d %H:%M} {edit.analyst} {edit.action}: {edit.summary}{done}")
    return 0


def cmd_grant_app_role(args) -> int:
    """Opening the store as its owner upgrades it first: the grants then cover every table of this release."""
    from store.grants import grant_app_role

    store = _store(args)
    try:
        grant_app_role(store.engine, args.role)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{args.role} may read and write incidents, reports and the watcher's records, and only append to the "
          f"audit trail of {store.display_url}; run this again after each upgrade")
    return 0


def cmd_undo(args) -> int:
    try:
        undo_id = _store(args).undo(args.edit_id)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"edit #{args.edit_id} undone (recorded as #{undo_id})")
    return 0


def cmd_import(args) -> int:
    from exchange.dataset_files import import_dataset

    try:
        summary = import_dataset(_store(args), args.dataset, Path(args.file), box=args.bbox,
                                 sectors_only=args.in_sectors, progress=sys.stderr.isatty() or args.progress,
                                 workers=args.workers)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print("\n".join(summary.lines()))
    return 0


def cmd_evaluate(args) -> int:
    from extraction.evaluate import evaluate
    from store.dedup_score import score_dedup

    score = evaluate(Path(args.corpus), half=args.half)
    dedup = score_dedup(Path(args.corpus), half=args.half)
    figures = score.figures() | dedup.figures()
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    width = max(map(len, figures))
    for name, value in figures.items():
        print(f"{name:>{width}}: {value:.3f}" if isinstance(value, float) else f"{name:>{width}}: {value}")
    if args.verbose:
        for gold in score.misses:
            print(f"missed   {gold.article_id} {gold.event_date} {gold.place_as_written} (killed {gold.killed})")
        for incident in score.spurious:
            print(f"spurious {incident.sources[0].report_id} {incident.event_date} {incident.place} "
                  f"(killed {incident.killed_total}): {incident.sources[0].sentence[:100]}")
        for pair in score.pairs:
            flags = [name for name, ok in (("killed", pair.killed_exact), ("wounded", pair.wounded_exact),
                                           ("date", pair.date_right)) if not ok]
            if pair.gold.governorate is not None and not pair.governorate_right:
                flags.append(f"governorate {pair.predicted.admin1} for {pair.gold.governorate}")
            km = pair.location_km
            if km is not None and km > 5:
                flags.append(f"location {km:.0f} km")
            if flags:
                print(f"wrong    {pair.gold.article_id} {pair.gold.place_as_written}: " + ", ".join(flags) +
                      f" (gold killed {pair.gold.killed}/wounded {pair.gold.wounded}, date {pair.gold.event_date};"
                      f" got {pair.predicted.killed_total}/{pair.predicted.wounded_total}, "
                      f"{pair.predicted.date_start}..{pair.predicted.date_end}, {pair.predicted.location})")
        for refused in score.refused:
            print(f"refused  {refused}")
        for attack, incidents in dedup.split.items():
            print(f"split    {attack}: " + "; ".join(
                f"{i.incident_id} {i.event_date} {i.location or i.place} (killed {i.killed_total})" for i in incidents))
        for told in dedup.false_merges:
            print("merged   " + "; ".join(f"{gold.article_id} {gold.event_date} {gold.place_normalized} "
                                          f"(killed {gold.killed})" for _, gold in told))
    return 0


def cmd_places(args) -> int:
    rows = _store(args).unresolved_places()
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    if not rows:
        print("every stored place name is in the gazetteer")
    for row in rows:
        where = f"placed at {row['located_at']}" if row["located_at"] else "not on the map"
        print(f"{row['unresolved_place']}: {row['incidents']} incident(s), {where} (e.g. {row['example_incident']})")
    return 0


def cmd_merge(args) -> int:
    try:
        merged = _store(args).merge(args.incident_ids)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(_describe(merged))
    return 0


def cmd_split(args) -> int:
    report_id, _, mention = args.source.partition("/")
    try:
        separated = _store(args).split(args.incident_id, report_id, int(mention or 0))
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(_describe(separated))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="frontline", description="Frontline Watch: attacks in Iraq's disputed "
                                     "territories, from news reports to a map.")
    parser.add_argument("--database", help="SQLAlchemy URL (default: $FRONTLINE_DATABASE_URL, else an SQLite "
                                           "file in the user data directory)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="print the incidents found in one report (nothing is stored)")
    p.add_argument("file", help="report file: text or HTML with a header block, or JSON Lines")
    p.add_argument("--published", help="publication date YYYY-MM-DD, if the file has none")
    p.add_argument("--json", action="store_true", help="print a JSON array of incident objects")
    p.add_argument("--verbose", "-v", action="store_true", help="show what was read in each sentence behind every "
                   "incident, and every attack-like sentence skipped with its reason")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("ingest", help="extract, geocode, de-duplicate and store reports")
    p.add_argument("paths", nargs="+", help="report files or directories")
    p.add_argument("--published", help="publication date YYYY-MM-DD for reports that have none")
    p.add_argument("--title", help="title for reports that have none")
    p.add_argument("--url", help="URL for reports that have none")
    p.add_argument("--source", help="outlet name for reports that have none")
    p.add_argument("--progress", action="store_true", help="show a progress bar even when not on a terminal")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("geocode", help="look place names up in the offline gazetteer")
    p.add_argument("names", nargs="+", metavar="NAME",
                   help="a name, or a phrase with context such as 'near Qara Salim in Prde sub-district'")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.set_defaults(func=cmd_geocode)

    p = sub.add_parser("places", help="list place names in stored incidents that the gazetteer could not resolve")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.set_defaults(func=cmd_places)

    p = sub.add_parser("merge", help="merge stored incidents that are one attack (the first keeps its id)")
    p.add_argument("incident_ids", nargs="+", metavar="INCIDENT_ID")
    p.set_defaults(func=cmd_merge)

    p = sub.add_parser("split", help="undo a merge: one source of an incident becomes an incident of its own")
    p.add_argument("incident_id")
    p.add_argument("source", help="REPORT_ID/MENTION of the source to split off (see export --format geojson)")
    p.set_defaults(func=cmd_split)

    p = sub.add_parser("history", help="the audit trail: analyst actions, latest first")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--incident", help="only the actions on this incident")
    p.add_argument("--all", action="store_true", help="ingests and feed changes too, not only review actions")
    p.set_defaults(func=cmd_history)

    p = sub.add_parser("undo", help="undo an analyst action from the audit trail (see history)")
    p.add_argument("edit_id", type=int)
    p.set_defaults(func=cmd_undo)

    p = sub.add_parser("grant-app-role", help="PostgreSQL, as the database's owner: let ROLE (the dashboard's and "
                       "the watcher's) read and write incidents but only append to the audit trail")
    p.add_argument("role", help="an existing login role (CREATE ROLE ... LOGIN)")
    p.set_defaults(func=cmd_grant_app_role)

    p = sub.add_parser("import", help="import an ACLED export or a UCDP GED CSV file as a dataset of its own")
    p.add_argument("dataset", choices=["acled", "ucdp"])
    p.add_argument("file", help="the CSV file, as ACLED or UCDP publish it")
    p.add_argument("--bbox", type=box, metavar="W,S,E,N", help="keep only events inside this box (degrees)")
    p.add_argument("--in-sectors", action="store_true", help="keep only events inside a frontline sector")
    p.add_argument("--progress", action="store_true", help="show a progress bar even when not on a terminal")
    p.add_argument("--workers", type=int, metavar="N", help="processes that read and check the rows while this one "
                   "writes them (default: one per CPU; 0: this process alone)")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("evaluate", help="score the extractor and de-duplication on a hand-coded corpus (articles/ "
                       "+ gold.csv, clusters.csv where it has one)")
    p.add_argument("corpus", help="corpus folder, e.g. ../shared/corpus-dev")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--verbose", "-v", action="store_true", help="list misses, spurious and wrong incidents, "
                   "attacks split and attacks merged")
    p.add_argument("--half", choices=HALVES, help="score one half of the corpus: 'tuning' (look at it while "
                   "changing rules) or 'checking' (only to measure)")
    p.set_defaults(func=cmd_evaluate)

    register_views(sub, _store)  # `frontline export` and `frontline stats`
    register_watch(sub, _store)  # `frontline feeds ...` and `frontline watch`
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (SQLAlchemyError, AlembicError) as exc:  # a damaged file, a server down: one line, no traceback
        from store.connection import database_problem, default_url

        print(f"error: {database_problem(exc, args.database or default_url())}", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
