"""An article page to a Report, read as a pasted page is (reports.html.html_to_text: trafilatura's main
text, title, date and site name) and validated by reports.reading.build_report exactly as a pasted report
(length, language, future dates, a text that pins its own date when the page gives none)."""
from __future__ import annotations

from datetime import date

from incidents.model import Report
from reports.html import html_to_text
from reports.reading import ReportError, build_report


def article_report(html: str, url: str, outlet: str, published: date | None = None,
                   title: str = "") -> Report | ReportError:
    """The report an article page makes. The feed's publication date and title come first (the feed states
    them; a page's date is found by heuristics), then the page's; the outlet is the feed's name."""
    meta, text = html_to_text(html, url)
    given_date = published.isoformat() if published else meta.get("published", "")
    return build_report(text, path=url, url=url, outlet=outlet, title=title or meta.get("title", ""),
                        published=given_date)
