"""Whatever an analyst feeds it: each bad input gets a clear message and the rest of the batch lands."""
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extraction.extract import extract
from reports.reading import MAX_FILE_BYTES, MAX_REPORT_CHARS, ReportError, build_report, read_report_bytes, \
    read_reports

GOOD = ("Published: 2021-12-06\nSource: Test outlet\n\nISIS militants attacked a Peshmerga post in Kifri on "
        "Sunday night, killing two Peshmerga fighters and wounding three others, a security source said.")
TOMORROW = (date.today() + timedelta(days=1)).isoformat()

# (file name, content, what the analyst is told)
REFUSED = [
    ("empty.txt", b"", "empty report"),
    ("blank.txt", b"Published: 2021-12-06\n\n   \n\t\n", "empty report"),
    ("scan.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF document"),
    ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
    ("random.bin", bytes(range(256)) * 40, "a binary file"),
    ("only-script.html", b"<html><head><script>alert(1)</script><style>p{}</style></head><body></body></html>",
     "empty report"),
    ("undated.txt", b"Gunmen attacked a checkpoint in Kirkuk, killing two policemen.", "no publication date"),
    ("future.txt", f"Published: {TOMORROW}\n\nGunmen attacked a checkpoint in Kirkuk.".encode(), "in the future"),
    ("french.txt", "Published: 2021-12-06\n\nDeux soldats irakiens ont été tués mardi dans une attaque de l'État "
     "islamique près de Kirkouk, selon une source de sécurité. Les assaillants ont ouvert le feu sur un poste de "
     "contrôle avant de prendre la fuite.".encode(), "not in English"),
    ("arabic.txt", "Published: 2021-12-06\n\nقتل جنديان عراقيان في هجوم لتنظيم داعش قرب كركوك يوم الثلاثاء بحسب "
     "مصدر أمني وقال المصدر إن المسلحين فتحوا النار على نقطة تفتيش ثم لاذوا بالفرار نحو الجبال القريبة من "
     "المنطقة".encode(), "not in English"),
    ("huge.txt", b"Published: 2021-12-06\n\n" + b"Gunmen attacked a checkpoint. " * (MAX_REPORT_CHARS // 25),
     "too long for one report"),
]


@pytest.mark.parametrize("name, content, message", REFUSED, ids=[r[0] for r in REFUSED])
def test_bad_file_is_refused_with_a_clear_message(name, content, message):
    [result] = list(read_report_bytes(name, content))
    assert isinstance(result, ReportError) and message in result.reason, result


def test_a_file_over_the_size_limit_is_refused_before_it_is_read_as_text(tmp_path):
    path = tmp_path / "dump.txt"
    with open(path, "wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)
    [result] = list(read_reports([path]))
    assert isinstance(result, ReportError) and "file too large" in result.reason


def test_text_that_is_not_utf8_is_read_and_says_so():
    text = ("Published: 2021-12-06\n\nISIS militants attacked a Peshmerga post near Qaraçogh on Sunday, "
            "killing two fighters, the Peshmerga’s spokesman said.")
    [report] = list(read_report_bytes("cp1252.txt", text.encode("cp1252")))
    assert "Qaraçogh" in report.text and "Peshmerga’s" in report.text
    assert report.notices and report.notices[0].startswith("not UTF-8: read as")


def test_html_is_reduced_to_its_visible_text():
    page = ("<html><head><title>Attack in Kifri</title><meta property='article:published_time' content='2021-12-06'>"
            "<script>document.write('<p>ignore me</p>')</script><style>.x{color:red}</style></head><body>"
            "<p>ISIS militants attacked a Peshmerga post in Kifri on Sunday, killing two fighters.</p>"
            "<noscript>enable scripts</noscript></body></html>")
    [report] = list(read_report_bytes("page.html", page.encode()))
    assert report.title == "Attack in Kifri" and report.published == date(2021, 12, 6)
    assert "Kifri" in report.text and "ignore me" not in report.text and "color:red" not in report.text
    assert "enable scripts" not in report.text


def test_a_mixed_batch_lands_its_good_reports_and_says_why_the_others_did_not(store, tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    for name, content, _ in REFUSED:
        (folder / (name if name.endswith((".txt", ".html")) else name + ".txt")).write_bytes(content)
    (folder / "good.txt").write_text(GOOD)
    (folder / "unknown-place.txt").write_text(
        "Published: 2021-12-06\n\nGunmen attacked Zarqawiya village in Kirkuk province on Sunday, killing a farmer.")
    (folder / "batch.jsonl").write_text('{"text": "' + GOOD.split("\n\n")[1] + '", "published": "2021-12-07", '
                                        '"url": "https://example.org/b"}\nnot json\n{"title": "no text"}\n')
    summary = store.ingest(read_reports([folder]))
    # good, unknown place, and the JSON line, which repeats good.txt's text: stored once
    assert (summary.reports_read, summary.reports_already_stored, summary.incidents_new) == (3, 1, 2)
    reasons = "\n".join(str(e) for e in summary.refused)
    for _, _, message in REFUSED:
        assert message in reasons
    assert "batch.jsonl:2: not valid JSON" in reasons and "batch.jsonl:3: a JSON Lines report needs a 'text'" \
        in reasons
    assert "Zarqawiya" in summary.unresolved_places
    assert any("Zarqawiya" in line for line in summary.lines())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_no_text_crashes_the_extractor(text):
    report = build_report(text, "fuzz", published="2021-12-06")
    if not isinstance(report, ReportError):
        extract(report)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=4000))
def test_no_bytes_crash_the_reader(raw):
    for result in read_report_bytes("fuzz.txt", raw, published="2021-12-06"):
        if not isinstance(result, ReportError):
            extract(result)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([
    "ISIS", "attacked", "killing", "two", "Peshmerga", "in", "Kifri", "on", "Sunday", "near", "Qara Salim",
    "Prde sub-district", "wounded", "at least", "5", "civilians", "last week", "(December 7)", ",", ".", "the",
    "village of", "north of", "Kirkuk's", "and", "three", "others", "since November 27", "<script>", "=SUM(A1)",
    "Tuesday (December 7)", "الحويجة", "\u200b", "\n\n"]), max_size=60))
def test_no_attack_like_word_salad_crashes_the_extractor(words):
    report = build_report(" ".join(words), "salad", published="2021-12-06")
    if not isinstance(report, ReportError):
        extract(report)
