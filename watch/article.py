"""An article page to a Report, read as a pasted page is (reports.html.html_to_text: trafilatura's main
text, title, date and site name) and validated by reports.reading.build_report exactly as a pasted report
(length, language, future dates, a text that pins its own date when the page gives none).

The outlet a report is stored under is the feed's name only where the article's site bears that name:
a feed called "Rudaw" on another server stores its articles as "Rudaw via that.server" (outlet_of)."""
from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

from tld import get_tld

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


def outlet_of(feed_name: str, url: str) -> str:
    """The feed's name when the article's registered domain bears it (Rudaw on rudaw.net, Kurdistan 24 on
    kurdistan24.net, Shafaq News on shafaq.com: the whole name, or its first word of three letters or more;
    not rudaw.example.com, whose domain is example.com); otherwise "<name> via <site>", so no server can pass
    its pages off as a known outlet's. The public suffix list (tld) says where a domain begins."""
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    parsed = get_tld(url, as_object=True, fail_silently=True)
    domain = re.sub(r"[^a-z0-9]", "", parsed.domain.lower()) if parsed else ""
    words = re.findall(r"[a-z0-9]+", feed_name.lower())
    if domain and words and ("".join(words) in domain or (len(words[0]) >= 3 and words[0] in domain)):
        return feed_name
    return f"{feed_name} via {host}"
