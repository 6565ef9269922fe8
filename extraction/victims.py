"""Whom a casualty phrase counts: the victim group its noun names (Peshmerga, Iraqi army, police, PMF,
civilians, or unknown), the militants' own men (never victims), or no people at all ("two vehicles").
Apart from extraction.casualties, which finds the phrases and their verbs: the groups change with the
region's forces, the counting with English grammar."""
from __future__ import annotations

import re

# The militant group's own names; "IS" only in capitals ("is" is a verb).
_MILITANT_GROUP = r"(?:so-called\s+)?(?:isis|isil|daesh|da'esh|islamic state|(?-i:IS))\b"
# Group nouns: checked in order; a phrase takes the first group whose pattern it contains.
_GROUP_PATTERNS = [
    ("militants", rf"militants?|jihadists?|insurgents?|terrorists?|extremists?|attackers?|gunmen|assailants?|"
                  rf"suspects?|bombers?|"
                  # "15 ISIS suspects", "Four Islamic State (IS) militants", "two Daesh elements": the group's own men
                  rf"(?<!of )(?<!of the ){_MILITANT_GROUP}(?!\s+(?:victims?|captives?|hostages?|survivors?)\b)|"
                  rf"(?:members?|fighters?|elements?|leaders?|commanders?|emirs?) of (?:an? |the )?{_MILITANT_GROUP}"),
    ("peshmerga", r"peshmerga|kurdish (?:forces|troops|fighters|soldiers|security)|zeravani|kurds"),
    ("police", r"police(?:men|man|women|woman)?|cops?|asayish|security officers?|(?:traffic|federal) police"),
    ("pmf", r"pmf|hashd|hashed al|hashid|popular mobili[sz]ation|tribal (?:fighters|mobili[sz]ation)|militiam[ae]n"),
    ("iraqi_army", r"iraqi (?:army|soldiers?|troops|forces)|army|soldiers?|troops"),
    ("civilians", r"civilians?|villagers?|shepherds?|herders?|farmers?|children|child|women|woman|residents?|"
                  r"workers?|family|families|sons?|daughters?|brothers?|sisters?|fathers?|mothers?|wife|wives|"
                  r"husbands?|nephews?|nieces?|cousins?|uncles?|relatives?|boys?|girls?|men|man|teachers?|"
                  r"students?|passers-by|mukhtars?|sheikhs?|elders?|wedding guests?|pilgrims?|drivers?|hunters?|"
                  r"gatherers?|labou?rers?|traders?|merchants?|truckers?"),
    ("unknown", r"people|persons?|individuals?|others?|victims?|members?|fighters?|guards?|officers?|"
                r"personnel|servicem[ae]n|recruits|officials?|commanders?|leaders?|colonels?|lieutenants?|"
                r"captains?|majors?|sergeants?|generals?|brigadiers?|corporals?|privates?"),
]
_GROUP_RE = [(g, re.compile(rf"\b(?:{p})\b", re.I)) for g, p in _GROUP_PATTERNS]
# "members of the Kurdish forces" and "others" take their group from context.
CONTEXT_GROUPS = [("peshmerga", re.compile(
                       r"\bpeshmerga|\bkurdish\s+(?:forces|troops|fighters|soldiers|security|military|units?|commanders?|officers?|"
                       r"positions?|posts?)\b", re.I)),
                   ("police", re.compile(r"\bpolice", re.I)),
                   ("pmf", re.compile(r"\b(?:pmf|hashd|hashed|hashid|popular mobili)", re.I)),
                   ("iraqi_army", re.compile(r"\biraqi (?:army|soldiers|troops|forces)|\barmy\b", re.I))]

# Head nouns that are not people: "an Iraqi army location", "two other neighbourhoods", "a village".
_NOT_PEOPLE = re.compile(r"\b(?:locations?|positions?|posts?|bases?|checkpoints?|vehicles?|cars?|humvees?|trucks?|"
                         r"tanks?|convoys?|patrols?|pickups?|buses|villages?|hideouts?|caves?|tunnels?|"
                         r"towns?|neighbou?rhoods?|areas?|houses?|homes?|buildings?|roads?|bridges?|attacks?|"
                         r"bombs?|devices?|shells?|rockets?|mortars?|incidents?|hours?|days?|weeks?|months?|years?|times?|"
                         r"night|morning|evening|group|statement|sources?|officials? said|headquarters|hq|barracks|compounds?|"
                         r"facilit(?:y|ies)|stations?|offices?|farms?|fields?|wells?|towers?|mosques?|schools?|"
                         r"hospitals?|shops?|markets?|factor(?:y|ies)|plants?)$", re.I)

# "his men", "two companions": of the group named just before (a militant leader's companions are militants).
_OWN_MEN = re.compile(r"\b(?:(?:his|their) (?:men|colleagues|fighters)|(?:his |their )?(?:comrades|companions|"
                      r"accomplices|aides|bodyguards))\b", re.I)


def group_of(noun: str, sentence: str, previous: str | None) -> str:
    """The group a victim phrase's noun names; "others" and "his men" are of the group named before (`previous`);
    "members" and "soldiers" take the force the sentence names."""
    head = re.split(r"\s+of\s+", noun.strip(), maxsplit=1)[0]
    if head and _NOT_PEOPLE.search(head):
        return "not_people"
    if _OWN_MEN.search(noun) and previous:
        return previous
    for group, pattern in _GROUP_RE:
        if pattern.search(noun):
            if group == "unknown" and re.search(r"\bothers?\b", noun, re.I) and previous:
                return previous
            if group == "unknown" or (group == "iraqi_army" and not re.search(r"iraqi|army", noun, re.I)):
                for context_group, context in CONTEXT_GROUPS:
                    if group == "iraqi_army" and context_group == "police":
                        continue  # soldiers are no policemen, whoever else the sentence names
                    if context.search(noun) or context.search(sentence):
                        return context_group
            return group
    return ""


def last_group_named(text: str) -> str:
    """The victim group (or militants) the text before names last: whom "them" stands for."""
    found = [(m.end(), group) for group, pattern in _GROUP_RE for m in pattern.finditer(text)]
    return max(found)[1] if found else ""
