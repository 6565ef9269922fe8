"""Plain words for the codes stored with an incident, so no page or popup shows "exact_place", "isis"
or "None": one place for every label the analyst reads."""
from __future__ import annotations

import math
import re

from geo.normalize import strip_accents

GROUP_LABELS = {"peshmerga": "Peshmerga", "iraqi_army": "Iraqi army", "police": "Police", "pmf": "PMF",
                "civilians": "Civilians", "unknown": "Unknown / not stated"}
TYPE_LABELS = {"armed_attack": "Armed attack", "ied": "IED", "suicide_attack": "Suicide attack", "sniper": "Sniper",
               "mortar_rocket": "Mortar / rocket", "ambush": "Ambush", "clash": "Clash", "abduction": "Abduction",
               "other": "Other"}
PERPETRATOR_LABELS = {"isis": "ISIS", "unknown": "Unknown", "other": "Other"}
PRECISION_LABELS = {"exact_place": "Exact place", "sub_district": "Sub-district", "district": "District",
                    "governorate": "Governorate"}
DATASET_LABELS = {"reports": "News reports", "acled": "ACLED (imported)", "ucdp": "UCDP GED (imported)"}
STATUS_LABELS = {"extracted": "Extracted (not reviewed)", "reviewed": "Reviewed", "rejected": "Rejected",
                 "merged": "Merged"}
DATE_PRECISION_LABELS = {"day": "day", "week": "within a week", "month": "within a month", "range": "date range"}
NOT_GIVEN = "–"


def label(mapping: dict[str, str], code) -> str:
    """The plain label of `code`; a dash for a missing one, the code itself (underscores as spaces) for one
    the mapping lacks."""
    if code is None or (isinstance(code, float) and math.isnan(code)) or code == "":
        return NOT_GIVEN
    return mapping.get(code, str(code).replace("_", " "))


def place_label(name: str | None) -> str:
    """A place name as English text writes it: "Ṭūz Khūrmātū" is shown as "Tuz Khurmatu", as everywhere
    else in the dashboard."""
    if not name:
        return NOT_GIVEN
    return re.sub(r"[ʿʾʼ‘’`]", "", strip_accents(name))
