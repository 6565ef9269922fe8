"""HTML pages to the article they hold: its main text (trafilatura) and the metadata the page declares
(title, publication date, address). A page's text is then read like any report (reports.reading)."""
from __future__ import annotations

import trafilatura
from bs4 import BeautifulSoup

_META_DATE = ("article:published_time", "datePublished", "pubdate", "publishdate", "date", "dc.date")


def html_to_text(html: str, url: str = "") -> tuple[dict[str, str], str]:
    """The article an HTML page holds and the metadata it declares: its main text as trafilatura finds it
    (navigation, related links, comments and footers dropped: `./run bench watch` measures it against the
    visible paragraphs), else its visible paragraphs."""
    declared, visible = visible_text(html)
    found, text = main_text(html, url)
    return {**found, **declared}, text or visible


def main_text(html: str, url: str = "") -> tuple[dict[str, str], str]:
    """The page's main text and metadata (title, published, outlet), by trafilatura; ({}, "") when it finds no
    main text it trusts."""
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
    return {k: v for k, v in meta.items() if v}, text


def visible_text(html: str) -> tuple[dict[str, str], str]:
    """Visible text of an HTML page (scripts and styles dropped) and the metadata it declares."""
    soup = BeautifulSoup(html, "html.parser")
    meta: dict[str, str] = {}
    if soup.title and soup.title.string:
        meta["title"] = soup.title.string.strip()
    for tag in soup.find_all("meta"):
        key = tag.get("property") or tag.get("name") or tag.get("itemprop")
        if key in _META_DATE and tag.get("content") and "published" not in meta:
            meta["published"] = tag["content"]
        if key == "og:url" and tag.get("content"):
            meta["url"] = tag["content"]
    time_tag = soup.find("time", attrs={"datetime": True})
    if time_tag and "published" not in meta:
        meta["published"] = time_tag["datetime"]
    for tag in soup(["script", "style", "noscript", "template", "svg", "head"]):
        tag.decompose()
    blocks = [b.get_text(" ", strip=True) for b in soup.find_all(["p", "h1", "h2", "h3", "li", "blockquote"])]
    text = "\n".join(b for b in blocks if b) or soup.get_text("\n", strip=True)
    return meta, text
