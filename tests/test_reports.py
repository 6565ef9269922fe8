import json
from datetime import date

from extraction.extract import extract
from reports.reading import URL_ANCHOR, ReportError, build_report, read_reports, split_header
from tests.conftest import SEED_EARLY, SEEDS


def test_header_block_gives_metadata():
    report = next(read_reports([SEED_EARLY]))
    assert report.published == date(2021, 12, 4)
    assert report.outlet == "ESTA Media Network"
    assert report.text.startswith("SULAIMANI (ESTA)")


def test_prose_that_looks_like_a_header_is_not_one():
    meta, body = split_header("Source: officials said\nmore text")
    assert meta == {} and body.startswith("Source:")


def test_report_without_date_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "undated.txt"
    path.write_text("Title: no date\n\nGunmen attacked a checkpoint in Kirkuk, killing two policemen.")
    result = next(read_reports([path]))
    assert isinstance(result, ReportError)
    assert "publication date" in result.reason and "--published" in result.reason


def test_published_given_on_the_command_line_fills_the_gap(tmp_path):
    path = tmp_path / "undated.txt"
    path.write_text("Gunmen attacked a checkpoint in Kirkuk, killing two policemen.")
    report = next(read_reports([path], published="2021-09-05"))
    assert report.published == date(2021, 9, 5)


def test_html_is_stripped_to_visible_text(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Attack in Kirkuk</title><meta property='article:published_time' "
        "content='2021-09-05T10:00:00Z'><style>p{color:red}</style></head><body>"
        "<script>alert('x')</script><p>Gunmen attacked a checkpoint in Kirkuk on Sunday.</p></body></html>")
    report = next(read_reports([path]))
    assert report.title == "Attack in Kirkuk"
    assert report.published == date(2021, 9, 5)
    assert "alert" not in report.text and "color" not in report.text
    assert "Gunmen attacked" in report.text


def test_json_lines_with_a_bad_line_keeps_the_rest(tmp_path):
    path = tmp_path / "batch.jsonl"
    good = {"title": "t", "url": "https://example.org/a", "source": "Rudaw", "published": "2021-12-06",
            "text": "Militants attacked Qara Salem village on Sunday, killing two Peshmerga."}
    path.write_text("\n".join([json.dumps(good), "{not json", json.dumps({"title": "no text"}),
                               json.dumps({**good, "published": None, "url": ""})]))
    results = list(read_reports([path]))
    assert [type(r).__name__ for r in results] == ["Report", "ReportError", "ReportError", "ReportError"]
    assert results[0].outlet == "Rudaw" and results[0].url == "https://example.org/a"
    assert results[1].path.endswith(":2") and "JSON" in results[1].reason


def test_empty_and_missing_files_are_refused(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("Published: 2021-12-01\n\n")
    results = list(read_reports([empty, tmp_path / "missing.txt"]))
    assert all(isinstance(r, ReportError) for r in results)
    assert "empty" in results[0].reason and "cannot read" in results[1].reason


def test_directories_are_expanded():
    assert len(list(read_reports([SEEDS]))) == 2


def test_same_text_same_report_id():
    a = build_report("Published: 2021-12-01\n\nSome text  here.")
    b = build_report("Published: 2021-12-01\n\nSome text here.")
    assert a.report_id == b.report_id


def test_undated_page_is_read_against_the_day_its_text_states():
    report = build_report("URL: https://example.org/a\n\nTwo soldiers were killed in Dibis on Tuesday (December 7). "
                          "Last week, four people were killed in an ISIS attack in Makhmur district.")
    assert report.published == date(2021, 12, 7)
    assert report.anchored_on == "Tuesday (December 7)"


def test_a_page_without_a_publication_date_is_dated_by_its_url():
    report = build_report("Gunmen attacked a checkpoint in Kifri on Sunday, killing two soldiers.",
                          url="https://news.example.org/world/2014/04/13/gunmen-attack-kifri", path="page.html")
    assert report.published == date(2014, 4, 13) and report.anchored_on == URL_ANCHOR
    [incident] = extract(report).incidents
    assert incident.event_date == date(2014, 4, 13)
    assert "the date in its URL" in incident.notes and "publication date inferred" in incident.review_reason


def test_a_report_with_no_outlet_named_is_credited_to_its_site():
    report = build_report("Gunmen attacked a checkpoint in Kifri on Sunday.", published="2021-12-07",
                          url="https://www.rudaw.net/english/middleeast/iraq/1234")
    assert report.outlet == "rudaw.net"
    named = build_report("Gunmen attacked a checkpoint in Kifri on Sunday.", published="2021-12-07",
                         url="https://www.rudaw.net/english/1", outlet="Rudaw")
    assert named.outlet == "Rudaw"
    assert build_report("Gunmen attacked a checkpoint in Kifri on Sunday.", published="2021-12-07").outlet == ""


def test_the_month_in_a_url_bounds_the_publication_date():
    """A page whose address names its month but not its day is dated within that month: not by a later day the text
    recalls, and not at all when the text pins no day in that month."""
    text = ("Gunmen attacked a checkpoint in Kifri on Sunday (April 13), killing two soldiers. In a similar attack on "
            "June 2, 2016, three were killed.")
    report = build_report(text, url="https://news.example.org/world/2014/04/gunmen-attack-kifri", path="page.html")
    assert report.published == date(2014, 4, 13) and report.anchored_on == "Sunday (April 13)"
    refused = build_report("Gunmen attacked a checkpoint in Kifri on June 2, 2016.",
                           url="https://news.example.org/world/2014/04/gunmen-attack-kifri", path="page.html")
    assert isinstance(refused, ReportError) and "April 2014, the month its URL names" in refused.reason


def test_a_month_written_as_a_word_in_a_url_bounds_the_publication_date():
    text = "Gunmen attacked a checkpoint in Kifri on Sunday (December 12), killing two soldiers."
    for month in ("december", "December", "dec", "DEC"):
        report = build_report(text, url=f"https://news.example.org/2021/{month}/gunmen-attack-kifri", path="p.html")
        assert report.published == date(2021, 12, 12), month
    refused = build_report("Gunmen attacked a checkpoint in Kifri on June 2, 2016.",
                           url="https://news.example.org/2021/december/gunmen-attack-kifri", path="page.html")
    assert isinstance(refused, ReportError) and "December 2021, the month its URL names" in refused.reason
    unbounded = build_report("Gunmen attacked a checkpoint in Kifri on June 2, 2016.",
                             url="https://news.example.org/2021/decisions/gunmen-attack-kifri", path="page.html")
    assert unbounded.published == date(2016, 6, 2)  # "decisions" names no month
    for slug in ("2021/march-madness", "2021/mar-a-lago-raid", "2021/may-day-attack", "2021-may-day-rally"):
        dated = build_report("Gunmen attacked a checkpoint in Kifri on Monday, April 12, 2021.",
                             url=f"https://news.example.org/{slug}/story", path="page.html")
        assert dated.published == date(2021, 4, 12), slug  # a month word inside a slug bounds nothing
    september = build_report("Gunmen attacked a checkpoint in Kifri on Monday (September 13), killing two soldiers.",
                             url="https://news.example.org/2021/sept/story", path="page.html")
    assert september.published == date(2021, 9, 13)
