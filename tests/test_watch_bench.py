"""The watcher's benchmark on a small input (the figures come from `./run bench watch`), and the main-text
extraction measured on the loopback site's saved article pages: trafilatura against the plain HTML reader."""
from bench.watch import bench_poll, compare_extraction, saved_pages


def test_trafilatura_keeps_every_article_sentence_and_less_page_furniture_than_the_plain_reader():
    figures = compare_extraction(saved_pages(8))
    assert figures["trafilatura"]["recall"] == figures["visible_text"]["recall"] == 1.0
    assert figures["trafilatura"]["boilerplate_share"] < figures["visible_text"]["boilerplate_share"]


def test_poll_benchmark_runs_on_a_small_site():
    figures = bench_poll(feeds=2, articles=3, hosts=2, concurrency=2, delay=0.01)
    assert figures["articles"] == 6 and figures["kept"] + figures["skipped"] == 6
    assert figures["articles_per_s"] > 0 and figures["dashboard_reads"] > 0
