"""Whether a capitalised name in a sentence is a place, and what kind, from the words around it: the words that
are never places (NOT_PLACES), a kind said after or before it ("Bashir village", "the district of Daquq"), and the
company that makes a place name stand for something else: a hospital the wounded were taken to, a person, an
outlet or an institution ("Kirkuk Operations Command"), a government ("between Erbil and Baghdad"), a person's
post ("the governor of Kirkuk"). geo.mentions reads names with these; geo.cues says how a sentence relates an
event to the places it names.

A person is told by the words around the name (a title or rank, "named", "according to", a role after a name of
several words), not by a statistical tagger: spaCy's small English model, tried on the candidate sentences of the
corpora, tagged 81 place names as persons ("Tuz Khurmatu", "Nineveh") for 3 real persons, at 7 ms a sentence.
"""
from __future__ import annotations

import re

NOT_PLACES = {
    "isis", "isil", "is", "daesh", "islamic", "state", "peshmerga", "kurdish", "kurd", "kurds", "iraqi", "iraq",
    "arab", "arabic", "turkmen", "yazidi", "yazidis", "shia", "shiite", "sunni", "christian", "kakai", "shabak",
    "assyrian", "chaldean", "the", "a", "an", "on", "in",
    "at", "near", "after", "before", "during", "this", "that", "it", "he", "she", "they", "we", "ministry",
    "minister", "general", "secretary", "commander", "prime", "president", "army", "police", "forces", "force",
    "security", "media", "network", "agency", "news", "said", "says", "according", "also", "but", "and",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october", "november", "december", "hashd", "pmf",
    "asayish", "rudaw", "reuters", "kurdistan24", "esta", "ina", "afp", "ap", "xinhua", "hamlet", "last", "late",
    "early", "three", "two", "four", "five", "eight", "ten", "one", "six", "seven", "nine", "eleven", "region",
    "mount", "mountain", "village", "town", "city", "district", "province", "governorate", "sub-district",
    "brigadier", "colonel", "major", "captain", "lieutenant", "sheikh", "mr", "gen", "lt", "officials", "meanwhile",
}
KIND_AFTER = {
    "village": "village", "villages": "village", "town": "town", "city": "city", "sub-district": "sub_district",
    "subdistrict": "sub_district", "nahiya": "sub_district", "district": "district", "province": "governorate",
    "governorate": "governorate", "mountain": "mountain", "mountains": "mountain", "administration": "region",
    "region": "region", "area": None, "camp": None, "plain": None, "plains": None, "neighborhood": "village",
    "neighbourhood": "village", "quarter": "village",
}
# Descriptors that mark an unknown capitalised name as a place.
UNKNOWN_AFTER = {"village", "villages", "town", "sub-district", "subdistrict", "district", "area", "neighborhood",
                  "neighbourhood", "quarter", "hamlet", "camp"}
KIND_BEFORE = re.compile(r"\b(?:the\s+)?(?P<kind>village|town|city|district|sub-district|province|governorate)"
                         r"\s+of\s+(?:the\s+)?$|\b(?P<mount>mount|mt\.?|jabal)\s+$", re.I)
UNKNOWN_CUE = re.compile(r"\b(?:the\s+)?(?:village|town|hamlet|area|sub-district|district|neighbou?rhood)\s+of\s+$",
                         re.I)
# "taken to hospital in Khanaqin", "Kalar general hospital": where the wounded were treated, not the attack's place.
HOSPITAL_BEFORE = re.compile(r"\b(?:hospitals?|morgue|clinic)\s+in\s+(?:the\s+)?(?:city\s+of\s+)?$|"
                             r"\b(?:taken|transferred|rushed|evacuated|brought|moved|admitted|referred)\s+to\s+"
                             r"(?:the\s+)?$", re.I)
HOSPITAL_AFTER = re.compile(r"^\s+(?:general\s+|teaching\s+|emergency\s+|main\s+|public\s+|republican\s+)?"
                            r"(?:hospital|clinic|morgue|health cent(?:er|re))\b", re.I)
# A place name that is really a person, an outlet or an institution: "Qarachogh confirmed to Rudaw",
# "the Erbil Emergency Hospital", "Kirkuk's governor", "Kirkuk Operations Command".
NOT_A_PLACE_AFTER = re.compile(
    r"^(?:,?\s+(?:said|says|told|tells|confirmed|added|stated|explained|noted|reported|announced|claimed|continued|"
    r"stressed|warned|recalled)\b|"
    r"(?:\s+[A-Z][\w-]*){0,3}\s+(?:Hospital|University|Council|Ministry|Directorate|Command|Operations|Police|"
    r"Governor|Health|Media|Airport|Court|Office|Committee|Brigade|Division|Regiment|Asayi?e?sh|Channel|TV|"
    r"News|Now)\b|"
    r"['’]s\s+(?:governor|mayor|police|health|security|chief|council|officials?|director|provincial)\b|"
    # "Qasim Shesho, the commander of ...": a first name, a surname and the person's role
    r"(?:\s+(?!(?i:district|province|governorate|sub-?district|village|town|city|area|mountains?|dam|camp|base|"
    r"valley|plains?|road|highway|front|bridge|river|lake)\b)[A-Z][\w-]*){1,2},\s+"
    r"(?:the|a|an)\s+(?:[\w-]+\s+){0,3}?(?:commander|official|head|chief|spokes\w+|mayor|governor|director|leader|"
    r"member|officer|lawmaker|deputy|mukhtar|sheikh)\b)")
# The seats of government stand for the governments: "disputed between Erbil and Baghdad", "coordination between
# Baghdad and Erbil", "claimed by Baghdad", "the Erbil government". Named so, they place no attack.
CAPITALS = r"(?:Baghdad|Erbil|Hewler|Hawler|Arbil|Ankara|Tehran|Damascus|Washington)"
GOVERNMENT_PAIR = re.compile(rf"{CAPITALS}\s*(?:and|or|-|–|&|,)\s*{CAPITALS}")
GOVERNMENT_BEFORE = re.compile(r"\b(?:between|by|with|from both|by both|and both)\s+(?:the\s+)?"
                               r"(?:governments?\s+(?:of|in)\s+)?$", re.I)
GOVERNMENT_AFTER = re.compile(r"^(?:\s*(?:and|or|-|–|&)\s*\w+)?\s+(?:government|authorities|administration|"
                              r"officials|leaders|leadership)\b|^['’]s\s+(?:government|authorities|decision|policy|"
                              r"officials|leaders)\b", re.I)
ADJECTIVE = re.compile(r"-(?:held|controlled|led|backed|based|affiliated)$", re.I)  # "IS-held", "Erbil-based"
ARTICLE_NAME = re.compile(r"(?:al|el|as|ash|ad|an|ar|at|az)-[A-Z]")
# A name that is a person's: after a title or rank ("Major General Ali Mansour", "Brig Gen. Shamal Omar", "Sheikh
# Amer"), or after the words that introduce a person ("a man named Ali Halabji", "according to Haji Omar").
PERSON_BEFORE = re.compile(
    r"\b(?:(?:Major|Maj|Brigadier|Brig|Lieutenant|Lt|Staff|First|Colonel|Col|Captain|Capt)\.?\s+)*"
    r"(?:General|Gen|Colonel|Col|Captain|Capt|Lieutenant|Lt|Major|Maj|Sergeant|Sgt|Brigadier|Brig|Sheikh|Shaikh|"
    r"Mr|Mrs|Ms|Dr|Mam|Kak)\.?\s+(?:[A-Z][\w'’-]*\s+){0,3}$|"
    # "Security spokesman Mansour Marid said", "Governor Rakan al-Jubouri": a post, then the holder's name
    r"\b(?i:spokes(?:man|woman|person)|governor|mayor|commander|minister|director|lawmaker|mukhtar|official)\s+"
    r"(?:[A-Z][\w'’-]*\s+){0,3}$|"
    r"\b(?i:according\s+to|(?:[a-z]*(?:man|men|woman|women)|[a-z]+ers?|boy|girl|child|civilian|person|son|daughter|"
    r"brother|sister|wife|husband|member|soldier|victim)s?\s+(?:was\s+|were\s+)?(?:named|identified\s+as|called))\s+"
    r"(?:[A-Z][\w'’-]*\s+){0,3}$")
# What follows a person's name of several words: his or her role ("Idris Haji Adel, deputy official of ...",
# "Karim Khalil, a father of two"). A lone place name before such words is the speaker's place ("in Makhmour, a
# Peshmerga official said"), so this tells a person only when other capitalised words of the name come before it.
PERSON_ROLE_AFTER = re.compile(
    r"^,\s+(?:(?:the|a|an)\s+)?(?:[\w-]+\s+){0,3}?(?:commander|official|head|chief|spokes\w+|mayor|governor|director|"
    r"leader|member|officer|lawmaker|deputy|mukhtar|sheikh|father|mother|resident|native|farmer|shepherd|teacher|"
    r"student|activist|journalist|driver|worker|employee|brother|son|daughter|MP|chieftain)s?\b")
# A place that qualifies a person or a post: "the commander of the Makhmur-Gwer front", "governor of Kirkuk".
ROLE_BEFORE = re.compile(r"\b(?:commanders?|head|chief|governor|mayor|spokes(?:man|person|woman)|officials?|"
                         r"directors?|members?|deputy|representatives?|MP|lawmakers?)\s+(?:for|of|from|in)\s+"
                         r"(?:the\s+)?(?:(?!near\b|outside\b|at\b)[\w-]+\s+){0,3}?(?:in\s+)?$|"
                         r"\b(?:said|says|added|told|explained|continued)\s+$",
                         re.I)
# A counted role is its holders, victims rather than a post: "an ambush killed nine members of the federal police in
# Kirkuk" (not "a member of the Kirkuk council").
COUNTED_BEFORE = re.compile(r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|"
                            r"thirty|forty|fifty|several|dozens|many)\s+(?:[\w-]+\s+)?$", re.I)
