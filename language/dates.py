"""Event dates resolved against the publication date, with a precision and a range.

Rules (each tested in tests/test_dates.py):
- an explicit date ("December 5", "5 Dec 2021", "December 5, 2021") is a day; without a year it
  takes the latest year that does not put it after publication;
- a weekday ("on Sunday", "late on Thursday night") is the latest such day on or before publication
  ("last Sunday": strictly before); a weekday never resolves into the future;
- "today", "this morning" are the publication day; "yesterday", "last night", "overnight" the day before;
- "N days ago" is a day; "several days ago" the week before publication, not the last day;
- "last week" is the week before publication: from the Monday of the previous
  calendar week to the day before publication; "this week" from this week's Monday to publication;
- "last month" and "in <Month> [<year>]" are months; "last year" is that whole year;
- "on the 5th" is the latest 5th on or before publication; a wire dateline ("BAGHDAD, Dec. 7 (Xinhua) --")
  dates the dispatch, not the attack: no event date; the day of a statement ("officials said on Monday") puts
  the attack on that day or the day before, the least precise date a sentence gives.
"since <date>" marks a recap, not an event date; future expressions ("next week", "tomorrow") are ignored.

A report whose page gives no publication date can still be read when its text pins a day down:
`stated_anchor` takes the latest day the text states (outside photo captions) with a year ("October 26th 2021", or a
page's date stamp in figures that can be read one way only: "2023-03-14", "11.05.2022", "15/06/2020"), or a weekday
given with its day of the month ("Tuesday (December 7)"), whose year is the one year in the
reporting era when that day fell on that weekday.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from language.numbers import parse_number
from language.sentences import WIRE_AGENCIES, is_caption

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?P<weekday>" + "|".join(WEEKDAYS) + r")"
_ANY_DATE = r"(?:" + "|".join(list(WEEKDAYS) + sorted(MONTHS, key=len, reverse=True)) + r")"

_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("since", re.compile(r"\bsince\s+(?:the\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?)?" + _ANY_DATE +
                         r"\.?(?:\s+\d{1,2}(?:st|nd|rd|th)?)?(?:,?\s+\d{4})?", re.I)),
    ("future", re.compile(r"\b(?:next\s+(?:week|month)|tomorrow|in the coming days)\b", re.I)),
    # "..., officials said on Monday", "in a statement issued on Sunday", "ISIS claimed responsibility on Tuesday": the
    # day of the statement or claim, so the attack was that day or the day before.
    ("statement", re.compile(r"(?:\b(?:said|says|told(?:\s+[\w.-]+){1,3}?|announced|confirmed|added|stated|reported|"
                             r"tweeted|claimed(?:\s+responsibility|\s+it)?|claiming(?:\s+responsibility)?)"
                             r"[\s,]+(?:in a statement[\s,]+)?|"
                             r"\b(?:statement|claim)\s+(?:issued\s+|released\s+|published\s+)?"
                             r"(?:(?:by|from)\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s+){1,5})?)"
                             r"(?P<told>(?:on\s+|late\s+|early\s+)*(?:" + _WEEKDAY + r"|today|"
                             r"yesterday|" + _MONTH + r"\s+\d{1,2}))\b", re.I)),
    # A wire dateline ("BAGHDAD, Dec. 7 (Xinhua) --") dates the dispatch, not the attack.
    ("dateline", re.compile(_MONTH + rf"\s+\d{{1,2}}(?:,?\s+\d{{4}})?\s*\({WIRE_AGENCIES}\)", re.I)),
    ("month_day", re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<year>(?:19|20)\d{2}))?\b",
                             re.I)),
    ("day_month", re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH +
                             r"(?:,?\s+(?P<year>(?:19|20)\d{2}))?\b", re.I)),
    ("day_of_month", re.compile(r"\bon\s+the\s+(?P<day>\d{1,2})(?:st|nd|rd|th)\b(?!\s+of\b)", re.I)),
    ("month_year", re.compile(r"\b(?:in|during|since|early|late|mid)\s+(?:the\s+(?:past\s+)?month\s+of\s+)?" + _MONTH +
                              r"(?:\s+(?P<year>(?:19|20)\d{2}))?\b", re.I)),
    ("weekday", re.compile(r"\b(?P<last>last\s+|this\s+past\s+|past\s+)?" + _WEEKDAY + r"\b", re.I)),
    ("few_days_ago", re.compile(r"\b(?:several|a few|some|few)\s+days\s+ago\b", re.I)),
    ("days_ago", re.compile(r"\b(?P<n>\w+)\s+days?\s+ago\b", re.I)),
    ("weeks_ago", re.compile(r"\b(?P<n>a|one|two|three|four|five|six|\d)\s+weeks?\s+ago\b", re.I)),
    ("today", re.compile(r"\b(?:today|this\s+(?:morning|afternoon|evening))\b", re.I)),
    ("day_before_yesterday", re.compile(r"\bthe\s+day\s+before\s+yesterday\b", re.I)),
    ("yesterday", re.compile(r"\b(?:yesterday|last\s+night|overnight)\b", re.I)),
    ("last_week", re.compile(r"\b(?:last|past|previous)\s+week\b", re.I)),
    ("this_week", re.compile(r"\b(?:this|earlier this)\s+week\b", re.I)),
    ("last_month", re.compile(r"\b(?:last|past|previous)\s+month\b", re.I)),
    ("last_year", re.compile(r"\b(?:last|past|previous)\s+year\b", re.I)),
    ("this_month", re.compile(r"\b(?:earlier\s+)?this\s+month\b", re.I)),
]


@dataclass(frozen=True)
class DateRange:
    start: date
    end: date
    precision: str  # day | week | month | range
    event_date: date
    expression: str = ""
    at: int = -1  # where the expression starts in its sentence; -1 for a date not read from one

    @classmethod
    def day(cls, d: date, expression: str = "") -> "DateRange":
        return cls(d, d, "day", d, expression)

    def overlaps(self, other: "DateRange") -> bool:
        """Whether the two ranges share a day."""
        return self.start <= other.end and other.start <= self.end


def _latest_year(month: int, day: int, published: date) -> date | None:
    for year in (published.year, published.year - 1):
        try:
            d = date(year, month, day)
        except ValueError:
            continue
        if d <= published:
            return d
    return None


def _month_range(year: int, month: int, expression: str, published: date) -> DateRange:
    start = date(year, month, 1)
    end = min(date(year, month, calendar.monthrange(year, month)[1]), published)
    return DateRange(start, end, "month", start + (end - start) // 2, expression)


def _resolve(kind: str, m: re.Match, published: date) -> DateRange | None:
    text = m.group(0)
    if kind in ("month_day", "day_month"):
        month, day = MONTHS[m.group("month").lower()], int(m.group("day"))
        if m.group("year"):
            try:
                return DateRange.day(date(int(m.group("year")), month, day), text)
            except ValueError:
                return None
        d = _latest_year(month, day, published)
        return DateRange.day(d, text) if d else None
    if kind == "statement":
        told = find_dates(m.group("told"), published).ranges
        if not told:
            return None
        day = told[0].start
        return DateRange(day - timedelta(days=1), day, "range", day, text)
    if kind == "day_of_month":  # "on the 5th": the latest 5th on or before publication
        day, d = int(m.group("day")), published
        for _ in range(2):
            if 1 <= day <= calendar.monthrange(d.year, d.month)[1] and d.replace(day=day) <= published:
                return DateRange.day(d.replace(day=day), text)
            d = d.replace(day=1) - timedelta(days=1)
        return None
    if kind == "month_year":
        month = MONTHS[m.group("month").lower()]
        year = int(m.group("year")) if m.group("year") else (
            published.year if month <= published.month else published.year - 1)
        return _month_range(year, month, text, published)
    if kind == "weekday":
        back = (published.weekday() - WEEKDAYS[m.group("weekday").lower()]) % 7
        if m.group("last") and back == 0:
            back = 7
        return DateRange.day(published - timedelta(days=back), text)
    if kind == "days_ago":
        n = parse_number(m.group("n"))
        return DateRange.day(published - timedelta(days=n), text) if n is not None and n < 60 else None
    if kind == "weeks_ago":  # "two weeks ago": that week, give or take three days
        center = published - timedelta(weeks=parse_number(m.group("n")))
        return DateRange(center - timedelta(days=3), center + timedelta(days=3), "week", center, text)
    if kind == "few_days_ago":
        start, end = published - timedelta(days=7), published - timedelta(days=2)
        return DateRange(start, end, "week", published - timedelta(days=4), text)
    if kind == "today":
        return DateRange.day(published, text)
    if kind == "yesterday":
        return DateRange.day(published - timedelta(days=1), text)
    if kind == "day_before_yesterday":
        return DateRange.day(published - timedelta(days=2), text)
    if kind == "last_week":
        start = published - timedelta(days=published.weekday() + 7)
        end = published - timedelta(days=1)
        return DateRange(start, end, "week", max(start, published - timedelta(days=7)), text)
    if kind == "this_week":
        start = published - timedelta(days=published.weekday())
        return DateRange(start, published, "week", start, text)
    if kind == "this_month":
        start = published.replace(day=1)
        return DateRange(start, published, "month", start + (published - start) // 2, text)
    if kind == "last_year":  # a whole year: background, never an attack's date
        year = published.year - 1
        return DateRange(date(year, 1, 1), date(year, 12, 31), "range", date(year, 7, 1), text)
    if kind == "last_month":
        first = published.replace(day=1) - timedelta(days=1)
        return _month_range(first.year, first.month, text, published)
    return None


REPORTING_ERA_START = 2014  # the ISIS-era reporting this tool covers; earlier years make weekdays ambiguous
_WEEKDAY_WITH_DAY = re.compile(
    _WEEKDAY + r"(?:\s+(?:night|morning|afternoon|evening))?,?\s*\(?\s*(?:" +
    _MONTH + r"\s+(?P<day>\d{1,2})|(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" +
    _MONTH.replace("month", "month2") + r")(?:st|nd|rd|th)?\b(?!,?\s+(?:19|20)\d{2})\)?", re.I)
_DAY_PATTERNS = [pattern for kind, pattern in _PATTERNS if kind in ("month_day", "day_month")]
# A page's own date stamp in figures: "2023-03-14 07:52", "11.05.2022 | 12:30", "Issued on: 12/10/2019". Day and
# month are told apart only when one of them cannot be a month; "04/05/2020" stays unread.
_NUMERIC_DATE = re.compile(r"(?<![\d./-])(?:(?P<iy>(?:19|20)\d{2})-(?P<im>\d{1,2})-(?P<id>\d{1,2})|"
                           r"(?P<a>\d{1,2})[./-](?P<b>\d{1,2})[./-](?P<y>(?:19|20)\d{2}))(?![\d./-]?\d)")


def _numeric_day(m: re.Match) -> date | None:
    try:
        if m.group("iy"):
            return date(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
        a, b, year = int(m.group("a")), int(m.group("b")), int(m.group("y"))
        if a > 12 or (m.group(0)[len(m.group("a"))] == "." and b <= 12):  # 15/06/2020; 11.05.2022 is day-first
            return date(year, b, a)
        if b > 12:
            return date(year, a, b)  # 06/15/2020
        return None
    except ValueError:
        return None


def _weekday_year(weekday: int, month: int, day: int, today: date, named_years: set[int]) -> date | None:
    """The one day in the reporting era that is this month-day and falls on this weekday; of several, the one in a
    year the text names ("Monday, July 18" with a caption dated "July 2016": 2016, not 2022)."""
    fits = []
    for year in range(REPORTING_ERA_START, today.year + 1):
        try:
            d = date(year, month, day)
        except ValueError:
            continue
        if d.weekday() == weekday and d <= today:
            fits.append(d)
    if len(fits) > 1:
        fits = [d for d in fits if d.year in named_years]
    return fits[0] if len(fits) == 1 else None


def stated_anchor(text: str, today: date, earliest: date | None = None) -> tuple[date, str] | None:
    """The latest day the text itself pins down, no later than `today` and no earlier than `earliest`, and the words
    that pin it; None if none does. A day and month without a year take the one year the text names, if it names
    only one. A photo caption's day is the picture's, not the page's: it never counts."""
    prose = "\n".join(line for line in text.splitlines() if not is_caption(line))
    prose_years = {int(y) for y in re.findall(r"\b((?:19|20)\d{2})\b", prose)}
    # "On the night of 9 October" in a text whose one year is 2019 ("the deadliest attack thus far in 2019")
    only_year = next(iter(prose_years)) if len(prose_years) == 1 else None
    found: list[tuple[date, str]] = []
    for pattern in _DAY_PATTERNS:
        for m in pattern.finditer(prose):
            year = m.group("year") or only_year
            if not year:
                continue
            try:
                d = date(int(year), MONTHS[m.group("month").lower()], int(m.group("day")))
            except ValueError:
                continue
            if d <= today:
                found.append((d, m.group(0)))
    for m in _NUMERIC_DATE.finditer(prose):
        d = _numeric_day(m)
        if d and d <= today:
            found.append((d, m.group(0)))
    named_years = {int(y) for y in re.findall(r"\b((?:19|20)\d{2})\b", text)}
    for m in _WEEKDAY_WITH_DAY.finditer(prose):
        month = MONTHS[(m.group("month") or m.group("month2")).lower()]
        d = _weekday_year(WEEKDAYS[m.group("weekday").lower()], month, int(m.group("day") or m.group("day2")), today,
                          named_years)
        if d:
            found.append((d, m.group(0)))
    found = [f for f in found if earliest is None or f[0] >= earliest]
    return max(found, key=lambda f: f[0]) if found else None


@dataclass(frozen=True)
class DateMentions:
    ranges: list[DateRange]
    recap: bool  # "since November 27": a count over a period, not an event date


def find_dates(sentence: str, published: date, near: int = 0) -> DateMentions:
    """Every date expression in a sentence, most specific first, and of those the nearest to the character offset
    `near` (the attack word: "kidnapped two days ago, was found on Wednesday" dates the kidnapping two days ago)."""
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, DateRange]] = []
    recap = False
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(sentence):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append(m.span())
            if kind == "since":
                recap = True
                continue
            if kind in ("future", "dateline"):
                continue
            resolved = _resolve(kind, m, published)
            if resolved and resolved.start <= published:
                found.append((m.span(), replace(resolved, at=m.start())))
    found.sort(key=lambda item: item[0])
    distance = [abs(span[0] - near) for span, _ in found]
    for i in range(1, len(found)):  # "on Tuesday and Wednesday": dates told together are equally near
        if re.fullmatch(r"\s*(?:and|or|to|-|–)\s*", sentence[found[i - 1][0][1]:found[i][0][0]]):
            distance[i] = distance[i - 1] = min(distance[i - 1], distance[i])
    order = {"day": 0, "week": 1, "month": 2, "range": 3}
    ranked = sorted(range(len(found)), key=lambda i: (order[found[i][1].precision], distance[i], i))
    return DateMentions([found[i][1] for i in ranked], recap)


# "The next day", "Days later", "That same month": a date told from the date of the sentence before.
_LATER = re.compile(r"\b(?:(?P<same>(?:that|the)\s+same\s+(?:day|night|week|month|year)|that\s+(?:day|night|month))|"
                    r"(?P<next>the\s+(?:next|following)\s+day|a\s+day\s+later)|"
                    r"(?P<days>(?:a\s+few\s+|several\s+|(?P<n>\w+)\s+)?days\s+later)|"
                    r"(?P<weeks>(?:a|one|two|three|several|a\s+few)\s+weeks?\s+later))\b", re.I)


def told_after(sentence: str, before: DateRange | None) -> DateRange | None:
    """The date of "that same month", "the next day" or "days later" in a sentence, read from the date the
    sentence before gave; None if the sentence says none of these or there is no date before."""
    found = _LATER.search(sentence)
    if found is None or before is None:
        return None
    text, at = found.group(), found.start()
    if found.group("same"):
        return DateRange(before.start, before.end, before.precision, before.event_date, text, at)
    n = 1 if found.group("next") else parse_number(found.group("n")) if found.group("n") else None
    if n:  # "the next day", "two days later": that day
        day = before.end + timedelta(days=n)
        return DateRange(day, day, "day", day, text, at)
    span = timedelta(days=7 if found.group("days") else 30)
    return DateRange(before.end + timedelta(days=1), before.end + span, "week" if found.group("days") else "month",
                     before.end + span / 2, text, at)


def unstated(published: date) -> DateRange:
    """When a report gives no date for an attack: the week up to publication."""
    return DateRange(published - timedelta(days=7), published, "week", published, "")
