"""The dashboard's prepared downloads: published into their own unguessable folder, equal to `frontline export` of
the same filter, gzipped past the static server's limit, removed when replaced or an hour old."""
import csv
import gzip
import io
import json
import os
import time

import pytest

from bench.synthetic import store_synthetic
from cli.main import main as frontline
from exchange.export_files import PUBLISHED_FOR_S, publish_export, remove_expired, remove_published
from store.database import IncidentStore
from store.query import IncidentFilter
from ui.map_assets import download_links

EVERY_COUNTED = IncidentFilter(statuses=("extracted", "reviewed"))


def test_a_published_export_equals_the_command_lines_in_its_own_folder(seeded_store, db_url, tmp_path):
    exports = tmp_path / "static" / "exports"
    [first], count = publish_export(seeded_store, EVERY_COUNTED, "csv", exports, "frontline_all")
    [second], _ = publish_export(seeded_store, EVERY_COUNTED, "geojson", exports, "frontline_all")
    assert first.name == "frontline_all.csv" and second.name == "frontline_all.geojson"
    assert first.parent.parent == exports and first.parent != second.parent
    assert len(first.parent.name) >= 32  # secrets.token_urlsafe(24), 192 bits: not guessed from another's link
    assert list(first.parent.iterdir()) == [first]  # no partial file left beside it
    command_line = tmp_path / "cli.csv"
    assert frontline(["--database", db_url, "export", "--format", "csv", "--area", "all", "-o", str(command_line)]) == 0
    assert first.read_bytes() == command_line.read_bytes()
    assert count == first.read_text(encoding="utf-8").count("\n") - 1 > 0


def test_an_export_over_the_static_limit_is_published_gzipped(seeded_store, tmp_path):
    exports = tmp_path / "exports"
    [plain], _ = publish_export(seeded_store, EVERY_COUNTED, "geojson", exports, "all")
    [packed], _ = publish_export(seeded_store, EVERY_COUNTED, "geojson", exports, "all", limit=plain.stat().st_size - 1)
    assert packed.name == "all.geojson.gz" and list(packed.parent.iterdir()) == [packed]
    assert gzip.decompress(packed.read_bytes()) == plain.read_bytes()


@pytest.mark.parametrize("fmt", ["csv", "geojson", "acled"])
def test_an_export_over_the_limit_even_gzipped_comes_in_parts_each_a_whole_file_under_it(tmp_path, fmt):
    """Streamlit serves no file over 200 MB: a million real incidents as GeoJSON are more even gzipped. At a limit of
    60 kB, 3,000 incidents come in parts, each under the limit, each a whole file, together the whole export."""
    store = IncidentStore(f"sqlite:///{tmp_path / 'store.sqlite'}")
    store_synthetic(store, 3_000, seed=9)
    limit = 60_000
    [plain], count = publish_export(store, EVERY_COUNTED, fmt, tmp_path / "exports", "all")
    parts, written = publish_export(store, EVERY_COUNTED, fmt, tmp_path / "exports", "all", limit=limit)
    suffix = ".geojson" if fmt == "geojson" else ".csv"
    assert [p.name for p in parts] == [f"all-{n}-of-{len(parts)}{suffix}.gz" for n in range(1, len(parts) + 1)]
    assert len(parts) > 1 and all(p.stat().st_size <= limit for p in parts) and written == count == 3_000
    assert sorted(parts[0].parent.iterdir()) == sorted(parts)  # no partial file left beside them
    texts = [gzip.decompress(p.read_bytes()).decode("utf-8") for p in parts]
    if fmt == "geojson":
        collections = [json.loads(text) for text in texts]
        assert [f for c in collections for f in c["features"]] == json.loads(plain.read_text())["features"]
    else:
        def rows(text: str) -> list[dict]:  # ACLED's timestamp is the export's: a second apart between the two
            return [{k: v for k, v in row.items() if k != "timestamp"} for row in csv.DictReader(io.StringIO(text))]
        header = plain.read_text().splitlines()[0]
        assert [text.splitlines()[0] for text in texts] == [header] * len(parts)  # each part a whole file
        assert [row for text in texts for row in rows(text)] == rows(plain.read_text())
    assert download_links("CSV", parts, tmp_path).count("part ") == len(parts)


def test_replaced_and_hour_old_downloads_are_removed(seeded_store, tmp_path):
    exports = tmp_path / "exports"
    [old], _ = publish_export(seeded_store, EVERY_COUNTED, "csv", exports, "old")
    kept, _ = publish_export(seeded_store, EVERY_COUNTED, "csv", exports, "kept")
    an_hour_ago = time.time() - PUBLISHED_FOR_S - 1
    os.utime(old.parent, (an_hour_ago, an_hour_ago))
    [newest], _ = publish_export(seeded_store, EVERY_COUNTED, "csv", exports, "new")  # clears the expired first
    assert not old.parent.exists() and kept[0].exists() and newest.exists()
    remove_published(kept)
    assert sorted(exports.iterdir()) == [newest.parent]
    assert remove_expired(exports, now=time.time() + PUBLISHED_FOR_S + 1) == [newest.parent]
    assert list(exports.iterdir()) == []


def test_a_published_exports_link_is_under_the_static_path(seeded_store, tmp_path):
    from ui.map_assets import static_url

    [path], _ = publish_export(seeded_store, EVERY_COUNTED, "csv", tmp_path / "exports", "frontline_first_to_last")
    assert static_url(path, tmp_path) == f"/app/static/exports/{path.parent.name}/frontline_first_to_last.csv"
    assert download_links("CSV", [path], tmp_path) == (
        f'<a href="/app/static/exports/{path.parent.name}/frontline_first_to_last.csv" '
        'download="frontline_first_to_last.csv">Download CSV</a>')
