"""The dashboard's prepared downloads: published into their own unguessable folder, equal to `frontline export` of
the same filter, gzipped past the static server's limit, removed when replaced or an hour old."""
import gzip
import os
import time

from cli.main import main as frontline
from exchange.export_files import PUBLISHED_FOR_S, publish_export, remove_expired, remove_published
from store.query import IncidentFilter

EVERY_COUNTED = IncidentFilter(statuses=("extracted", "reviewed"))


def test_a_published_export_equals_the_command_lines_in_its_own_folder(seeded_store, db_url, tmp_path):
    exports = tmp_path / "static" / "exports"
    first, count = publish_export(seeded_store, EVERY_COUNTED, "csv", exports, "frontline_all")
    second, _ = publish_export(seeded_store, EVERY_COUNTED, "geojson", exports, "frontline_all")
    assert first.name == "frontline_all.csv" and second.name == "frontline_all.geojson"
    assert first.parent.parent == exports and first.parent != second.parent
    assert len(first.parent.name) >= 32  # secrets.token_urlsafe(24): not guessed from another visitor's link
    assert list(first.parent.iterdir()) == [first]  # no partial file left beside it
    command_line = tmp_path / "cli.csv"
    assert frontline(["--database", db_url, "export", "--format", "csv", "--area", "all", "-o", str(command_line)]) == 0
    assert first.read_bytes() == command_line.read_bytes()
    assert count == first.read_text(encoding="utf-8").count("\n") - 1 > 0


def test_an_export_over_the_static_limit_is_published_gzipped(seeded_store, tmp_path):
    exports = tmp_path / "exports"
    plain, _ = publish_export(seeded_store, EVERY_COUNTED, "geojson", exports, "all")
    packed, _ = publish_export(seeded_store, EVERY_COUNTED, "geojson", exports, "all", limit=plain.stat().st_size - 1)
    assert packed.name == "all.geojson.gz" and list(packed.parent.iterdir()) == [packed]
    assert gzip.decompress(packed.read_bytes()) == plain.read_bytes()


def test_replaced_and_hour_old_downloads_are_removed(seeded_store, tmp_path):
    exports = tmp_path / "exports"
    old, _ = publish_export(seeded_store, EVERY_COUNTED, "csv", exports, "old")
    kept, _ = publish_export(seeded_store, EVERY_COUNTED, "csv", exports, "kept")
    an_hour_ago = time.time() - PUBLISHED_FOR_S - 1
    os.utime(old.parent, (an_hour_ago, an_hour_ago))
    newest, _ = publish_export(seeded_store, EVERY_COUNTED, "csv", exports, "new")  # clears the expired first
    assert not old.parent.exists() and kept.exists() and newest.exists()
    remove_published(kept)
    assert sorted(exports.iterdir()) == [newest.parent]
    assert remove_expired(exports, now=time.time() + PUBLISHED_FOR_S + 1) == [newest.parent]
    assert list(exports.iterdir()) == []


def test_a_published_exports_link_is_under_the_static_path(seeded_store, tmp_path):
    from ui.map_assets import static_url

    path, _ = publish_export(seeded_store, EVERY_COUNTED, "csv", tmp_path / "exports", "frontline_first_to_last")
    assert static_url(path, tmp_path) == f"/app/static/exports/{path.parent.name}/frontline_first_to_last.csv"
