"""Acting rights holders from the text: plaintiffs, complainants, applicants, senders of notices.

The registry names the rights holders it knows; the text says who acted, whoever they are:
« une plainte de la SACEM », « à la demande de l'ALPA », "complaints from music rights group
SACEM and anti-piracy outfit ALPA", "at the request of the BPI", "sued by Elsevier",
"a letter from Warner Bros. France". A name there is a party when it is an acronym or a run of
capitalised words (after the cue, so never a sentence's first word) that is not an ordinary
proper name (a country, a court, the police:
data/proper_words.txt) nor a person; a trailing country ("Warner Bros. France") is the
company's branch and is dropped.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rideau.newswire.targets import word_list
from rideau.newswire.text import fold, sentences

# Cues right before the acting party, French and English, matched on the original text.
_CUE = re.compile(
    r"(?:plaintes?|assignation|requête|action|procédure|mise en demeure|courriers?|lettres?|"
    r"poursuites?)(?: (?:déposée?s?|lancée?s?|engagée?s?|intentée?s?|envoyée?s?|initiée?s?))?"
    r" (?:de|d'|d’|du|des|par)|à la demande (?:de|d'|d’|du|des)|"
    r"à l['’]initiative (?:de|d'|d’|du|des)|"
    r"saisie? par|assignée? par|sur plainte (?:de|d'|d’|du|des)|"
    r"(?:complaints?|lawsuits?|suits?|claims?|letters?|notices?|action|applications?|"
    r"requests?|petitions?|cases?)(?: (?:was|were|has been|had been|is|are))?"
    r"(?: (?:filed|brought|lodged|sent|made|issued))? (?:by|from)|"
    r"at the (?:request|behest) of|on behalf of|(?:sued|targeted|brought|obtained|secured|"
    r"won|requested|sought) by|(?:awarded|granted)(?: to)?|(?:obtenue?s?|demandée?s?) par|"
    r"(?:sous la )?pression (?:de|d'|d’|du|des)|(?:under )?pressure from|face à|"
    r"(?:action|campaign|complaint) by|(?:une )?action (?:de|d'|d’|du|des)|"
    r"plaintiffs?(?: (?:were|was|are|is|include|including))?|applicants?|complainants?|"
    r"(?:suivie?s?|rejointe?s?|joined)(?: (?:ensuite|bientôt|later|soon))? (?:par|by)|"
    r"(?:pay|payer|verser)\s+(?:\S+\s+){0,5}?(?:to|à)",
    re.IGNORECASE,
)
# Words a text puts between a cue and the name: articles and what the party is.
_FILLER = re.compile(
    r"(?:\s+(?:la|le|les|l['’]|de|d['’]|du|des|the|a|an|its|their|US|UK|major|music|film|"
    r"movie|record|rights?|holders?|group|groups|label|labels|studio|studios|industry|trade|"
    r"body|outfit|anti-piracy|antipiratage|association|syndicat|société|company|companies|"
    r"publishers?|éditeurs?|producteurs?|distributeurs?|broadcasters?|diffuseurs?|coalition|"
    r"alliance|organisation|organization|collecting|society|group's|members?|membres?)\b)*\s*",
    re.IGNORECASE,
)
# French organisations write their name's words in lower case after the first: « Ligue de
# football professionnel », « Syndicat national de l'édition » (up to five of them).
_FRENCH_ORGANISATION = re.compile(
    r"\s*(?:(?:la|le|l['’])\s*)?((?:Ligue|Association|Syndicat|Fédération|Société|Union|Chambre|"
    r"Confédération)(?:\s+(?!et\b|qui\b|a\b|ont\b)(?:[a-zà-ÿ]+|[dl]['’][a-zà-ÿ]+)){1,5})"
    r"(?=[\s,.;:)]|$)"
)
_NAME = re.compile(
    r"(?:[A-Z][\w+&.-]*[A-Za-z0-9+.]|[A-Z]{2,}\+?|[a-z]{1,3}[A-Z][\w+&.-]*)"
    r"(?:\s+(?:[A-Z][\w+&.-]*|(?:&|of|for|and|et|de|du|des)(?=\s+[A-Z])))*"
)
_JOIN = re.compile(
    r"\s*(?:,|et|and|&|puis|then|avec|with|alongside|aux côtés d[eu]|,? (?:suivie?s? par|"
    r"joined by|rejointe? (?:ensuite )?par))\s+"
    r"(?:de |d['’]|du |des )?(?:la |le |les |l['’]|the )?",
    re.IGNORECASE,
)
_CAPITAL = re.compile(r"(?<![\w'’])[A-Z]")
_ABBREVIATIONS = frozenset(("Bros", "Inc", "Ltd", "Co", "Corp", "Cie"))
_ORGANISATION_WORDS = frozenset(
    ("press", "music", "films", "film", "pictures", "group", "groupe", "media", "records",
     "entertainment", "studios", "association", "society", "alliance", "league", "ligue",
     "foundation", "publishing", "publishers", "books", "sports", "network", "networks",
     "productions", "production", "editions", "éditions", "distribution", "television",
     "télévision", "radio", "channel", "broadcasting", "games", "software", "inc", "ltd",
     "syndicat", "fédération", "federation", "union", "société", "coalition", "agence",
     "learning", "education", "science", "sciences", "digital", "interactive")
)  # fmt: skip
_CONNECTORS = frozenset(("of", "for", "and", "et", "de", "du", "des", "&"))


# Cues right after the acting party: "SACEM, qui avait porté plainte", "Elsevier sued", "the
# RIAA has filed a lawsuit"; matched on the lowercased sentence, then the name read before.
_CUE_AFTER = re.compile(
    r"(?<!\w)(?:porté plainte|à l['’]origine de(?:s| la) (?:plaintes?|procédure|poursuites)|"
    r"(?:filed|brought|lodged) (?:a |the )?(?:suit|lawsuit|complaint|case)|sued|sues|"
    r"complained|assigné)(?! by| par| à| to)"  # "X sued by Y": X is sued
)
_AUXILIARY_BEFORE = re.compile(
    r"\s*,?\s*(?:qui\s+)?(?:avait|avaient|a|ont|est|était|has|had|have)?\s*$", re.IGNORECASE
)
# The first words of every cue before a party: the cues are tried only where one stands.
_CUE_HEAD = re.compile(
    r"(?<!\w)(?:plainte|assign|requête|action|procédure|mise en|courrier|lettre|poursuite|"
    r"à l|saisi|sur plainte|complaint|lawsuit|suit|claim|letter|notice|applica|request|"
    r"petition|case|at the|on behalf|sued|targeted|brought|plaintiff|applicant|complainant|"
    r"obtain|secured|won|requested|sought|awarded|granted|demandé|"
    r"suivi|rejoint|joined|pay|verser|sous la|pression|under|pressure|face à|campaign|une )"
)
_NAME_BEFORE = re.compile(r"([A-Z][\w+&.-]*(?:\s+(?:[A-Z][\w+&.-]*|&|of|for|de|du))*)$")
# What joins the names of a list read backwards from the cue: "X, Y and Z filed".
_JOIN_BEFORE = re.compile(r"(?:,|\s+(?:and|et|&))\s*(?:and\s+|et\s+)?$")
_ACRONYM_AFTER = re.compile(r"\s*\(([A-Z][A-Z0-9+&-]{1,9})\)")
_ACRONYM_LATER = re.compile(r"[^().;:]{0,80}?\(([A-Z][A-Z0-9+&-]{1,9})\)")


def acting_parties(title: str, text: str) -> list[str]:
    """Names the text gives to those who acted, in order of appearance."""
    return list(_acting_parties(title, text))


# Memoised: tagging asks for an entry's parties twice (to keep them out of its sites, then as
# its rights holders).
@lru_cache(maxsize=64)
def _acting_parties(title: str, text: str) -> tuple[str, ...]:
    found: list[str] = []
    for sentence in (title, *sentences(text)):
        lowered = sentence.lower()
        if len(lowered) != len(sentence):  # a letter whose lower case is longer: no offsets
            lowered = sentence
        for cue in _CUE_AFTER.finditer(lowered):
            prefix = sentence[: cue.start()]
            prefix = prefix[: _AUXILIARY_BEFORE.search(prefix).start()]
            names = []
            while (name := _NAME_BEFORE.search(prefix)) is not None:
                names.append(name.group())
                join = _JOIN_BEFORE.search(prefix[: name.start()].rstrip(" "))
                if join is None:
                    break
                prefix = prefix[: name.start()].rstrip(" ")[: join.start()]
            for name in reversed(names):
                _add(found, name)
        for head in _CUE_HEAD.finditer(lowered):
            cue = _CUE.match(sentence, head.start())
            if cue is None:
                continue
            position = cue.end()
            while True:
                french = _FRENCH_ORGANISATION.match(sentence, position)
                name = None
                if french is None:
                    filler = _FILLER.match(sentence, position)
                    start = filler.end() if filler else position
                    name = _NAME.match(sentence, start)
                    if name is None and filler:
                        # A capitalised filler word begins the name: "the Alliance for…"
                        capital = _CAPITAL.search(sentence, position, start)
                        name = _NAME.match(sentence, capital.start()) if capital else None
                if french is not None:
                    end = french.end()
                    acronym = _ACRONYM_LATER.match(sentence, end)
                    if acronym and acronym.group(1)[0] == french.group(1)[0]:
                        _add(found, acronym.group(1))  # « … audiovisuelle (ALPA) »
                        end = acronym.end()
                    else:
                        _add(found, french.group(1))
                    join = _JOIN.match(sentence, end)
                    if join is None:
                        break
                    position = join.end()
                    continue
                if name is None:
                    break
                end = name.end()
                acronym = _ACRONYM_AFTER.match(sentence, end) or _spelt_out(sentence, name)
                if acronym:  # "Alliance for Creativity and Entertainment (ACE)"
                    _add(found, acronym.group(1))
                    end = acronym.end()
                else:
                    _add(found, name.group())
                join = _JOIN.match(sentence, end)
                if join is None:
                    break
                position = join.end()
    return tuple(without_spelt_out_twins(found))


def without_spelt_out_twins(names: list[str], keep: frozenset[str] = frozenset()) -> list[str]:
    """One party named both ways counts once, as its acronym: "Alliance for Creativity and
    Entertainment" is dropped when "ACE" is there too (names in `keep` stay)."""
    acronyms = {name for name in names if name.isupper() and len(name) > 1}
    return [
        name
        for name in names
        if name in keep or name in acronyms or _initials(name) not in acronyms
    ]


def _initials(name: str) -> str:
    return "".join(word[0] for word in name.split() if word[0].isupper())


def _spelt_out(sentence: str, name: re.Match[str]) -> re.Match[str] | None:
    """The acronym after a name spelt out: "l'Association de lutte contre la piraterie
    audiovisuelle (ALPA)" -> ALPA."""
    if name.group().isupper():
        return None
    acronym = _ACRONYM_LATER.match(sentence, name.end())
    if acronym and acronym.group(1)[0] == name.group()[0]:
        return acronym
    return None


def _add(found: list[str], name: str) -> None:
    """Add the parties `name` holds: "SACEM and ALPA" is two, "Alliance for Creativity and
    Entertainment" one."""
    parts = re.split(r"\s+(?:and|et|&)\s+", name)
    # Acronyms, or names of two words or more on each side ("Macmillan Learning and McGraw
    # Hill"), are a list; "Alliance for Creativity and Entertainment" is one name.
    if len(parts) == 1 or not all(p.strip(".,").isupper() or len(p.split()) >= 2 for p in parts):
        parts = [name]
    for part in parts:
        party = _party(part)
        if party and party not in found:
            found.append(party)


def _party(name: str) -> str:
    """`name` as a party's name, or "" when it is a place, an institution or a person."""
    words = name.rstrip(",").split()
    if len(words) > 1 and words[0] in ("The", "Le", "La", "Les", "L'", "L’"):
        words = words[1:]
    if words and words[-1].endswith(".") and words[-1][:-1] not in _ABBREVIATIONS:
        words[-1] = words[-1].rstrip(".")  # the sentence's full stop, not "Bros."
    proper = word_list("proper_words.txt")
    common = word_list("common_words.txt")
    # "Warner Bros. France", "Universal Music France": the company, not its country branch
    while len(words) > 1 and (fold(words[-1]) in proper or words[-1].lower() in _CONNECTORS):
        words = words[:-1]
    if not words or all(fold(w) in proper or fold(w) in common for w in words):
        return ""
    if len(words) == 1 and (len(words[0]) < 2 or words[0].lower() in _ORGANISATION_WORDS):
        return ""
    if (
        len(words) == 2
        and all(w.isalpha() and w[0].isupper() and w[1:].islower() for w in words)
        and words[1].lower() not in _ORGANISATION_WORDS
    ):
        return ""  # "John Smith": a person; not "Blackwood Press"
    return " ".join(words)
