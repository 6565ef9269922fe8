"""What extraction makes of real pages nobody hand-coded (../shared/corpus-real): the figures a change to the rules
or the judge should be checked against besides the development corpus's halves.

    python -m tools.survey_real [--corpus ../shared/corpus-real] [--verbose]

Its MANIFEST-all.csv gives each page a rough kind (attack or other). Printed: the `other` pages that yield an
incident (an `other` page tells no new attack, so each is likely spurious), incidents with a figure above 100, and
the attack pages refused (for want of a publication date, mostly) or yielding nothing. --verbose lists them.
"""
from __future__ import annotations

import argparse
import csv
from pathlib import Path

from extraction.extract import extract
from reports.reading import ReportError, read_reports

LARGE = 100  # a figure above it is rare for one attack: each is worth a look


def survey(corpus: Path) -> tuple[dict[str, int], list[str]]:
    """The counts, and one line per page counted in them."""
    counts = {"other_pages": 0, "other_pages_with_incident": 0, "other_incidents": 0, "attack_pages": 0,
              "attack_pages_refused": 0, "attack_pages_without_incident": 0, "attack_incidents": 0,
              "incidents_above_100": 0}
    lines = []
    with (corpus / "MANIFEST-all.csv").open(newline="", encoding="utf-8") as handle:
        manifest = list(csv.DictReader(handle))
    for row in manifest:
        kind = row["kind"]
        counts[f"{kind}_pages"] += 1
        report = next(read_reports([corpus / "articles" / row["file"]]), None)
        if report is None or isinstance(report, ReportError):
            if kind == "attack":
                counts["attack_pages_refused"] += 1
                lines.append(f"refused  {row['file']}: {report.reason if report else 'empty'}")
            continue
        incidents = extract(report).incidents
        counts[f"{kind}_incidents"] += len(incidents)
        if kind == "other" and incidents:
            counts["other_pages_with_incident"] += 1
            lines += [f"other    {row['file']}: {i.location} {i.killed.total}/{i.wounded.total}" for i in incidents]
        if kind == "attack" and not incidents:
            counts["attack_pages_without_incident"] += 1
            lines.append(f"nothing  {row['file']}")
        for incident in incidents:
            if max(incident.killed.total or 0, incident.wounded.total or 0) > LARGE:
                counts["incidents_above_100"] += 1
                lines.append(f"large    {row['file']}: {incident.location} "
                             f"{incident.killed.total}/{incident.wounded.total}")
    return counts, lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("../shared/corpus-real"))
    parser.add_argument("--verbose", "-v", action="store_true")
    args = parser.parse_args(argv)
    counts, lines = survey(args.corpus)
    width = max(map(len, counts))
    for name, value in counts.items():
        print(f"{name:>{width}}: {value}")
    if args.verbose:
        print("\n".join(lines))


if __name__ == "__main__":
    main()
