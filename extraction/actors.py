"""Who attacked, how, and whether a sentence reports an attack at all.

Each rule is a named regular expression so that an analyst can read why a sentence was taken or
skipped (incidents.extract records the reason for every skipped attack-like sentence).
"""
from __future__ import annotations

import re

from language.numbers import NUMBER_WORD

ISIS = re.compile(r"\b(?:isis|isil|daesh|da'esh|islamic state|is militants|is fighters|is group|"
                  r"so-called islamic state)\b", re.I)
# A neighbouring state's strikes (Turkish drones over Sinjar and Makhmour, Iranian shelling): no militant attack,
# but an attack analysts of these territories map, by another actor.
FOREIGN_STATE = re.compile(r"\b(?:turkish|turkey['’]s|iranian|iran['’]s)\s+(?:\w+\s+)?(?:drones?|warplanes?|jets?|aircraft|"
                           r"air\s?strikes?|army|forces|military|artillery|shelling|bombardment|troops)\b", re.I)
UNKNOWN_ACTOR = re.compile(r"\b(?:unknown|unidentified|masked|armed men|gunmen)\b", re.I)

# Attack types, most specific first: the first that matches names the type.
ATTACK_TYPE_RULES = [
    ("suicide_attack", r"suicide (?:bomb\w*|attack\w*|vest|car|truck|belt)|suicide bomber|"
                       r"blew (?:himself|themselves) up"),
    ("abduction", r"kidnapp?\w*|abduct\w*|taken hostage"),
    ("sniper", r"snipers?|sniper fire"),
    ("mortar_rocket", r"mortars?|rockets?|katyusha|shell(?:ed|ing|s)|projectiles?|artillery"),
    ("other", r"drone strikes?|(?:armed |unmanned )?drones?|warplanes?|air ?strikes?|aerial bombardment"),
    ("ied", r"\bieds?\b|improvised explosive|roadside bombs?|explosive devices?|landmines?|mines?|bomb(?:s|ing|ed)?|"
            r"booby[- ]trap\w*|explosions?|blasts?|car bomb|vbied|detonat\w*|explosives"),
    ("ambush", r"ambush\w*"),
    ("clash", r"clash\w*|fighting|firefight|gunfight|battle|exchange of fire|repelled|repulsed"),
    ("armed_attack", r"attack\w*|assault\w*|opened fire|gunm[ae]n|stormed|raid\w*|shot|shooting|gunfire|fired|"
                     r"came under fire|received fire|under fire"),
]
ATTACK_TYPE_ORDER = [name for name, _ in ATTACK_TYPE_RULES]
_ATTACK_TYPE_RE = [(t, re.compile(rf"\b(?:{p})", re.I)) for t, p in ATTACK_TYPE_RULES]
ATTACK_CUE = re.compile(r"\b(?:attack(?!ers?\b)\w*|ambush\w*|assault\w*|bomb(?!ed-out)\w*|ieds?|explosi\w*|(?:the|a|an) device|"
                        r"blasts?|clash\w*|"
                        r"opened fire|gunm[ae]n|snipers?|mortars?|rockets?|shell(?:ed|ing)|kidnapp?\w*|abduct\w*|"
                        r"stormed|raid(?:ed)?|killed|killing|wounded|wounding|injured|injuring|martyred|execut(?:ed|ing|ions?)|"
                        r"shot dead|fighting|firefight|detonat\w*|came under fire|received fire|under fire|"
                        r"neutrali[sz]ed|drone strikes?|beheaded|torched|set (?:fire to|ablaze|on fire)|"
                        r"burn(?:ed|t) down|assassinated|bl(?:ew|own) up|battled|battling|repell?ed|repulsed|breached|"
                        r"losing\s+(?:a|an|one|two|three|four|five|\d+))\b", re.I)

# A funeral, condolences or a visit after an attack: its days are the aftermath's, not the attack's.
AFTERMATH = re.compile(r"\b(?:funerals?|bury|buried|burial|laid to rest|mourn\w*|condolences?|condemn\w*|"
                       r"visited the wounded|bod(?:y|ies)\b[^.;]{0,60}?\b(?:was|were) found|"
                       r"found (?:the )?bod(?:y|ies))\b",
                       re.I)

# A period of a year or more a toll is counted over: "in the past year", "in recent months", "this year" (not "earlier
# this year", a date), "to date", "since 2014", "since the start of", a war ("a war in which", "during the fight
# against ISIS", "the conflict has killed"; not "a war reporter"), an anniversary (of an attack a year or more ago).
# Whatever its size, a count over it is background (extraction.casualties), never an attack's toll.
_LONG_PERIOD = (r"\b(?:in|during|over|of|throughout)\s+(?:the\s+(?:recent|past|last|previous)|recent|past)\s+(?:few\s+|"
                r"two\s+|three\s+|several\s+)?(?:months|years?|decades?)\b|\b(?:in recent|over the) (?:months|years)\b|"
                r"(?<!earlier )(?<!later )(?<!late )(?<!of )\bthis year\b|\bto date\b|\banniversary\b|"
                r"\bsince (?:the (?:start|beginning|outbreak) of\b|(?:19|20)\d{2}\b)|"
                r"\b(?:during|throughout|since)\s+(?:the|a|an|its)\s+(?:[\w-]+\s+){0,3}?(?:war|conflict|campaign|"
                r"fight against|occupation|genocide)\b|"
                r"\bin\s+(?:the|a|this|its)\s+(?:[\w-]+\s+){0,3}?(?:war|conflict)\b|"  # not "in the fight against"
                r"\b(?:war|conflict|genocide)\s+(?:in which|(?:that\s+)?(?:has\s+|have\s+|had\s+)?"
                r"(?:killed|claimed|left))\b")
LONG_PERIOD = re.compile(_LONG_PERIOD, re.I)
# Any period a toll is counted over: a long one, or "in the past weeks", "this week", "so far".
_PERIOD = (rf"{_LONG_PERIOD}|\b(?:in|during|over|of|throughout)\s+(?:the\s+)?(?:recent|past|last|previous)\s+"
           r"(?:few\s+|two\s+|three\s+|several\s+)?(?:days|weeks|months|years)\b|\bthis (?:week|month|year)\b|"
           r"\bso far\b|\bin those (?:days|weeks|months|years)\b")
OVER_A_PERIOD = re.compile(_PERIOD, re.I)

# What a count of attacks counts: "five security incidents", "two separate attacks".
_ATTACKS_COUNTED = (r"(?:separate\s+|similar\s+|deadly\s+|security\s+|terrorist\s+|armed\s+|violent\s+)?"
                    r"(?:attacks|assaults|incidents|bombings|strikes|raids|ambushes)\b")

# Reasons a sentence with attack words is not a new incident.
SKIP_RULES = [
    ("recap: an ordinal count of attacks",
     re.compile(r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th)|latest|"
                r"another)\s+(?:such\s+|[\w-]+\s+)?(?:attack|assault|incident|bombing|explosion|strike|of its kind)\b"
                r".*\b(?:since|this year|this month|"
                r"in (?:a|two|three) (?:weeks?|days?|months?))", re.I)),
    ("recap: a count of several attacks",
     re.compile(rf"\b(?:(?!one\b){NUMBER_WORD}|dozens of|a series of|a wave of|several|multiple|a number of|"
                rf"numerous)\s+{_ATTACKS_COUNTED}", re.I)),
    ("recap: a toll over a period",
     re.compile(rf"\b(?:attacks|assaults|bombings|clashes|violence|incidents|operations)\b.{{0,80}}?(?:{_PERIOD})|"
                rf"(?:{_PERIOD}).{{0,80}}?\b(?:attacks|assaults|bombings|clashes|violence)\b", re.I)),
    ("generic or habitual statement",
     re.compile(r"\b(?:regularly|regular (?:attacks|raids|strikes|basis)|frequent(?:ly)?|often|usually|continued? to|"
                r"continues to|have long|has long|hotbed|ability to|capacity to|capable of|threat of|wage|waging|"
                r"vulnerab\w*|security gap|remnants|sleeper cells|"
                r"tend to|increase in|surge in|wave of attacks|security vacuum|expressed (?:their |his |her )?concern|"
                r"to (?:stage|carry out|launch|conduct|mount) (?:\w+ )?attacks|every (?:night|day|week)|"
                r"(?:almost |nearly )?(?-i:daily|nightly)|day and night)\b", re.I)),  # not "The Daily Star"
    ("future, plan or threat",
     re.compile(r"\b(?:will|would|plans? to|planning|could|might|threaten\w*|warn\w*|aim(?:ed|s)? at|expects?|"
                r"in the coming (?:days|weeks|months))\b", re.I)),
    ("history", re.compile(r"\b(?:between (?:19|20)\d{2} and (?:19|20)\d{2}|in (?:19|20)\d{2}|since (?:19|20)\d{2}|"
                           r"controlled|seized control|defeated|liberat\w*|took over|overr[au]n|"
                           # "The attack came days after a roadside bomb wounded two fighters": an earlier one, undated
                           r"(?:came|comes|follows|followed)\s+(?:only\s+|just\s+)?(?:(?:a few|several)\s+)?"
                           r"(?:days|weeks|months)\s+after)\b", re.I)),
    ("operation by security forces against militants",
     re.compile(r"\b(?:airstrikes?|air strikes?|air raids?|operation (?:against|targeting)|security operation|"
                r"military operation|"
                r"arrested|captured|dismantled|search(?:ed|ing)? (?:the|an) area|security sweep|combing|"
                r"(?:fighting|battle|offensive|operations?) to (?:retake|recapture|regain|liberate)|"
                r"(?:isis|isil|is|daesh)[- ](?:held|controlled)|"
                r"kill(?:ed|ing)\s+(?:at least\s+)?(?:\d+|\w+)\s+(?:\w+\s+)?"
                r"(?:militants|terrorists|insurgents|jihadists))\b",
                re.I)),
    ("foiled or defused: no attack took place",
     re.compile(r"\b(?:foil(?:ed|s|ing)?|thwart\w*|defus\w*|averted|pre-?empted)\b", re.I)),
    ("aftermath: funeral, condolence, visit or bodies found", AFTERMATH),
]


def named_perpetrator(sentence: str) -> str | None:
    """The attacker a sentence names: isis, other (a neighbouring state's forces), unknown (for "unidentified
    gunmen"), or None if it names none."""
    if ISIS.search(sentence):
        return "isis"
    if FOREIGN_STATE.search(sentence):
        return "other"
    if UNKNOWN_ACTOR.search(sentence):
        return "unknown"
    return None


def attack_type(sentence: str) -> str:
    for name, pattern in _ATTACK_TYPE_RE:
        if pattern.search(sentence):
            return name
    return "armed_attack"


def skip_reason(sentence: str, has_casualties: bool, has_specific_date: bool, hurt: bool = False) -> str | None:
    """Why an attack-like sentence is not an incident of its own, or None if it may be one.

    Recaps and generic statements are skipped unless the sentence also gives casualties for a
    specific date (then it is reporting the attack, and the recap words are a side remark). `hurt`: the sentence
    counts someone killed or wounded (not "no casualties").
    """
    for reason, pattern in SKIP_RULES:
        found = pattern.search(sentence)
        if not found:
            continue
        if reason.startswith("future") and has_casualties:
            continue  # "the attack, which would ..." still reports casualties
        if reason.startswith(("history", "generic", "recap: a toll")) and has_casualties and has_specific_date:
            continue  # a toll on a stated day reports the attack; the other words are a side remark
        if reason.startswith("recap: a count") and has_casualties and has_specific_date and re.match(
                NUMBER_WORD, found.group(), re.I):
            continue  # "Earlier on Friday, a mortar shell injured a farmer ..., without saying whether the two
            # incidents were linked": a dated toll reports an attack ("a series of bombings" on Sunday does not)
        if reason.startswith("recap: a count") and has_casualties and re.search(
                rf"\b(?:in|during)\s+(?:the\s+)?{NUMBER_WORD}\s+{_ATTACKS_COUNTED}", sentence, re.I):
            continue  # "killed in two attacks in X and Y": attacks told with their toll, not "a series of attacks"
        if (reason.startswith("operation") or reason.startswith("aftermath")) and has_casualties:
            continue
        if reason.startswith("foiled") and hurt:
            continue  # "foiled the attack, but two soldiers were wounded": it took place
        return reason
    return None
