"""An article page to a Report: trafilatura finds the main text, title, date and site name (dropping
navigation, related links, comments and footers, which the plain HTML reader in incidents.reports keeps;
bench/watch.py measures both), and incidents.reports.build_report validates it exactly as a pasted report
(length, language, future dates, a text that pins its own date when the page gives none)."""
from __future__ import annotations

from datetime import date

import trafilatura

from incidents.model import Report
from incidents.reports import ReportError, build_report, html_to_text


def main_text(html: str, url: str = "") -> tuple[dict[str, str], str]:
    """The page's metadata (title, published, outlet) and main text, by trafilatura; ({}, "") when it
    finds no main text."""
    document = trafilatura.bare_extraction(html, url=url or None, with_metadata=True, include_comments=False,
                                           include_tables=False, favor_precision=True,
                                           date_extraction_params={"extensive_search": False,
                                                                   "original_date": True})
    if document is None or not (document.text or "").strip():
        return {}, ""
    meta = {"title": document.title or "", "published": document.date or "", "outlet": document.sitename or ""}
    text = document.text
    if meta["title"] and text.startswith(meta["title"]):  # the headline, kept as the title
        text = text[len(meta["title"]):].lstrip()
    return meta, text


def article_report(html: str, url: str, outlet: str, published: date | None = None,
                   title: str = "") -> Report | ReportError:
    """The report an article page makes. The feed's publication date and title come first (the feed states
    them; a page's date is found by heuristics), then the page's; the outlet is the feed's name."""
    meta, text = main_text(html, url)
    if not text:  # trafilatura found nothing it trusts: the page's visible paragraphs, as a paste is read
        meta, text = html_to_text(html)
    given_date = published.isoformat() if published else meta.get("published", "")
    return build_report(text, path=url, url=url, outlet=outlet, title=title or meta.get("title", ""),
                        published=given_date)
