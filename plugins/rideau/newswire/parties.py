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
from importlib.resources import files

from rideau.newswire.targets import word_list
from rideau.newswire.text import fold, sentences

# When a cue's verb is dated before its agent: "a lawsuit filed last month by", "sued in
# July by", « une plainte déposée le 19 juillet par ».
_WHEN = (
    r"(?:\s+(?:(?:in|on|last|this|earlier|en|début|fin|mi|le|la|l['’]an)\s+)?(?:\d{1,2}(?:er)?\s+)?"
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|"
    r"vendredi|samedi|dimanche|week|month|year|semaine|mois|dernier|dernière|\d{4})"
    r"(?:\s+\d{4}|\s+dernier|\s+dernière)?)?"
)
# Cues right before the acting party, French and English, matched on the original text.
_CUE = re.compile(
    r"(?:plaintes?|assignation|requête|action|procédure|mise en demeure|courriers?|lettres?|"
    r"poursuites?|procès|recours)(?: (?:déposée?s?|lancée?s?|engagée?s?|intentée?s?|envoyée?s?|"
    r"initiée?s?|introduite?s?))?" + _WHEN + r" (?:de|d'|d’|du|des|par)|"
    # « intenté par », « avait été engagée par », "poursuivi par", "represented by"
    r"(?:intenté|engagé|lancé|déposé|initié|introduit|poursuivi|attaqué|représenté)e?s?"
    + _WHEN
    + r"(?: en justice)? par|(?:pursued|represented|investigated)"
    + _WHEN
    + r" by|"
    r"(?:investigation|enquête)s?(?: (?:was|were|has been|had been|a été|avait été|"
    r"started|launched|led|initiated|ouverte|lancée|menée|déclenchée))*" + _WHEN + r" (?:by|par)|"
    # the other party of a settlement: "settled with", « un accord à l'amiable avec »
    r"(?:settle[sd]?|settling|settlement|accord(?: à l['’]amiable)?|deal|pact|agreement|"
    r"transaction)" + _WHEN + r" (?:with|avec)|"
    r"en faveur (?:de|d'|d’|du|des)|in favou?r of|donné raison" + _WHEN + r" (?:à|au|aux)|"
    # "the court sided with Warner Bros, Paramount…", « le tribunal donne raison à X »
    r"(?:sided|sides|siding) with|donne raison (?:à|au|aux)|"
    r"plaignants?(?:,? (?:dont|notamment|parmi lesquels|parmi lesquelles))?|"
    r"(?:parties civiles|demandeurs|requérants)(?:,? (?:dont|notamment|parmi lesquels))?|"
    # members of an ad hoc coalition: "the coalition includes X, Y and Z" (not the members of
    # a named one, "ACE, coalition qui réunit…": see _NAMED_BEFORE)
    r"(?:coalition|alliance|collectif|groupement)(?: (?:qui|that|which))? (?:includes|include|"
    r"including|comprend|réunit|regroupe|rassemble|brings together|comprises)(?: notamment)?|"
    r"à la demande (?:de|d'|d’|du|des)|"
    r"à l['’]initiative (?:de|d'|d’|du|des)|"
    r"saisie? par|assignée? par|sur plainte (?:de|d'|d’|du|des)|"
    r"(?:complaints?|lawsuits?|suits?|claims?|letters?|notices?|action|applications?|"
    r"requests?|petitions?|cases?)(?: (?:was|were|has been|had been|is|are))?"
    r"(?: (?:filed|brought|lodged|sent|made|issued|pushed))?" + _WHEN + r" (?:by|from)|"
    r"at the (?:request|behest) of|on behalf of|(?:sued|targeted|brought|obtained|secured|"
    r"won|requested|sought)" + _WHEN + r" by|(?:awarded|granted)(?: to)?|"
    r"(?:obtenue?s?|demandée?s?|réclamée?s?) par|"
    r"(?:sous la )?pression (?:de|d'|d’|du|des)|(?:under )?pressure from|face à|"
    r"(?:action|campaign|complaint) by|(?:une )?action (?:de|d'|d’|du|des)|"
    r"plaintiffs?(?: (?:were|was|are|is|include|including))?|applicants?|complainants?|"
    r"(?:suivie?s?|rejointe?s?|joined)(?: (?:ensuite|bientôt|later|soon))? (?:par|by)|"
    # "pay $2m to X", "ordered to pay X $25,000", « devront 12 millions de dollars à X »
    r"(?:pay|pays|paid|paying|payer|verser|paie|paient|versera|verseront|devront|devra|owes?|"
    r"owed)\s+(?:(?-i:(?=[A-Z]))|(?:\S+\s+){0,5}?(?:to|à|au|aux))|"
    # "must compensate X", « indemniser X »; "won an appeal against X": X brought the case
    r"(?:compensate|compensates|indemniser|indemnise|dédommager|dédommage)|"
    r"(?:won|wins|winning|lost|loses|losing)(?: (?:an|its|the|their|his|her))? "
    r"(?:appeal|case|suit|lawsuit|fight|battle)(?: \S+){0,2}? against",
    re.IGNORECASE,
)
# Between a cue and the names it introduces, a description of what they are: "à la demande
# de dix-sept éditeurs, parmi lesquels", "pushed by film companies including".
_INCLUDING = re.compile(
    r"(?:\s+[a-zà-ÿ0-9-]+){0,4}?,?\s+(?:dont|including|parmi lesquels|parmi lesquelles|"
    r"notamment|such as|among them|led by|menés? par)(?=\s)"
)
_DESCRIBED_ACRONYM = re.compile(r"[\sa-zà-ÿ'’-]{3,60}?\s\(([A-Z][A-Z0-9+&-]{1,9})\)")
# Capitalised words that qualify a noun are no party: "settled with the La Jolla firm".
_MODIFIED_NOUN = re.compile(
    r"\s+(?:firm|company|start-?up|site|service|platform|société|entreprise|firme|plateforme)\b"
)
# Words a text puts between a cue and the name: articles and what the party is.
_FILLER = re.compile(
    r"(?:\s+(?:la|le|les|l['’]|de|d['’]|du|des|the|a|an|its|their|US|UK|major|music|film|"
    r"movie|record|rights?|holders?|group|groups|label|labels|studio|studios|industry|trade|"
    r"body|outfit|anti-piracy|antipiratage|association|syndicat|société|company|companies|"
    r"publishers?|éditeurs?|producteurs?|distributeurs?|broadcasters?|diffuseurs?|coalition|"
    r"alliance|organisation|organization|collecting|society|group's|members?|membres?|"
    r"satellite|cable|operators?|opérateurs?|providers?|partners?|security|its|ses|son|sa)\b)*\s*",
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
    r"(?:[A-Z][\w+&./-]*[A-Za-z0-9+.]|[A-Z]{2,}\+?|[a-z]{1,3}[A-Z][\w+&./-]*)"
    r"(?:\s+(?:[A-Z][\w+&./-]*(?:['’](?=\s+[A-Z]))?|(?:&|of|for|and|et|de|du|des)(?=\s+[A-Z])))*"
)
_JOIN = re.compile(
    # "X and Y in Japan and Z…": the place of the ones before
    r"(?:\s+(?:in|en|au|aux)\s+(?:the\s+)?[A-Z][\w-]+)?"
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
_CAMEL = re.compile(r"[A-Z][a-z]+[A-Z][A-Za-z]*")


# Cues right after the acting party: "SACEM, qui avait porté plainte", "Elsevier sued", "the
# RIAA has filed a lawsuit"; matched on the lowercased sentence, then the name read before.
_CUE_AFTER = re.compile(
    r"(?<!\w)(?:port(?:e|é|ent|ait|aient) plainte|"
    r"à l['’]origine de(?:s| la) (?:plaintes?|procédure|poursuites)|"
    r"(?:filed|brought|lodged) (?:a |the )?(?:[\w-]+ )?(?:suit|lawsuit|complaint|case)|sued|sues|"
    r"complained|assigné|"
    # « X et Y poursuivent un site », « Nintendo accuse ses développeurs de… » (not the
    # passive « accusé de »)
    r"(?:poursuit|poursuivent|(?:a|ont) poursuivi|accuse|accusent|accuses)(?!\w)|"
    # "X won an injunction", « X obtient le blocage »: who obtains a measure asked for it
    r"(?:obtenu|obtient|obtiennent|obtained|obtains|won|wins|secured|secures|got|gets|gagné|"
    r"gagne|gagnent|remporté|remporte)(?=(?:\s+\S+){0,4}?\s+(?:[ld]['’])?(?:blocage|fermeture|injonctions?|"
    r"ordonnance|condamnation|retrait|jugement|décision|orders?|injunctions?|"
    r"ruling|judgment|verdict|damages|dommages|block|blocking|closure|takedown|"
    r"removal|fight|battle|bataille|millions?|dollars|euros|contre|against|indemnisation|"
    r"indemnités?|compensation|réparation|roubles|yens?)\b)|"
    # "X had sought more than 1 million rubles", « X, qui réclamait 1 million »
    r"(?:had sought|sought|seeks|is seeking|was seeking|réclamait|réclamaient|réclame|"
    r"réclament|demandait|demandaient)(?=\s+(?:\S+\s+){0,3}?(?:\d|un |une |one |a |des "
    r"|more|plus|damages|dommages))|"
    r"prevailed|prevails|l['’]emporte|"
    # who asked for the measure: « X avaient demandé l'injonction », "X sought the order",
    # « Nintendo fait condamner l'hébergeur »
    r"(?:(?:avai(?:t|ent)|ont|a) )?(?:demandé|réclamé|sollicité)"
    r"(?=\s+(?:l['’]|le |la |les |une |un )?"
    r"(?:injonctions?|blocage|fermeture|ordonnance|saisie|retrait|condamnation)\b)|"
    r"(?:requested|sought|asked for|applied for)(?=\s+(?:the |an |a )?(?:injunction|order|"
    r"blocking|block|closure|seizure|takedown)\b)|"
    r"fai(?:t|sait|saient|ont) (?:condamner|saisir|fermer|bloquer|arrêter|retirer|supprimer)|"
    r"(?:a|ont) fait (?:condamner|saisir|fermer|bloquer|arrêter|retirer|supprimer)|"
    r"traîn(?:e|ent|é)(?=(?:\s+\S+){1,4}?\s+(?:en justice|devant|in court|to court)\b)|"
    # who backed the case or the investigation: "FAPAV supported the investigation",
    # « l'IFPI soutient la procédure »; who goes after the site: "X, Y target pirate site"
    r"(?:soutient|soutiennent|a soutenu|ont soutenu|appuie|appuient|supported|supports|backed|"
    r"backs) (?:la |le |l['’]|the |this )?(?:procédure|action|enquête|plainte|investigation|"
    r"case|suit|lawsuit|complaint|operation|opération|probe|raid)|"
    r"(?:target|targets|go after|goes after|went after|take on|takes on|took on|"
    r"s['’]attaquent à|s['’]attaque à|s['’]en prennent à|s['’]en prend à)(?= (?:\S+ ){0,3}?"
    r"(?:site|sites|service|services|réseau|network|plateforme|platform|pirate|pirates|"
    r"illegal|illégal|streaming))|"
    # an ad hoc coalition formed for the action
    r"se sont (?:regroupé|allié|associé|uni)e?s|joined forces|teamed up|"
    # who announced the settlement was party to it; who represented the rights holders acted
    r"(?:announced|annoncé|a annoncé) (?:the |le |l['’])?(?:deal|settlement|accord|agreement)|"
    r"(?:représentait|représentaient|a représenté|represented|acting for|acted for) (?:les |the |"
    r"them)?(?:sociétés|studios|ayants droit|rights holders|film companies|labels|maisons de "
    r"disques|producteurs|éditeurs|publishers|plaintiffs|plaignants|record companies)?|"
    # who helped the investigators acted with them
    r"(?:aidé|helped|assisted|épaulé|supplied|provided|fourni)\s+(?:les |the |des )?"
    r"(?:enquêteurs|investigators|police|policiers|autorités|authorities|information|"
    r"informations|evidence|preuves))(?! by| par| à| to)"  # "X sued by Y": X is sued
)
_AUXILIARY_BEFORE = re.compile(
    r"\s*,?\s*(?:qui\s+)?(?:dit|affirme|assure|says it|said it|says they|said they)?\s*"
    r"(?:(?<!\w)(?:avait|avaient|a|ont|est|était|has|had|have|avoir))?\s*$",
    re.IGNORECASE,
)
# The first words of every cue before a party: the cues are tried only where one stands.
_CUE_HEAD = re.compile(
    r"(?<!\w)(?:plainte|assign|requête|action|procédure|mise en|courrier|lettre|poursuite|"
    r"à l|saisi|sur plainte|complaint|lawsuit|suit|claim|letter|notice|applica|request|"
    r"petition|case|at the|on behalf|sued|targeted|brought|plaintiff|applicant|complainant|"
    r"obtain|secured|won|requested|sought|awarded|granted|demandé|"
    r"suivi|rejoint|joined|pay|verser|sous la|pression|under|pressure|face à|campaign|une |"
    r"procès|recours|(?:intenté|engagé|lancé|déposé|initié|introduit|poursuivi|attaqué|"
    r"représenté)e?s? (?:\S+ ){0,5}?(?:par|en justice)|pursued|represented by|"
    r"investigat(?:ions?|ed) (?:\S+ ){0,3}?by|enquêtes? (?:\S+ ){0,3}?par|settl|"
    r"accord (?:à l|avec)|accord \S+ avec|deal|pact|agreement|transaction|"
    r"en faveur|in favo|donné raison|sided|sides with|siding|donne raison|plaignant|"
    r"parties civiles|demandeur|requérant|"
    r"réclamée? par|paid|paie|versera|devr|owe|coalition|alliance|collectif|groupement|"
    r"compensate|indemni|dédommag|wins|winning|lost|loses|losing|obten)"
)
_NAME_BEFORE = re.compile(
    # (a first word may start with a few lower-case letters: "beIN Sports", "iMesh")
    r"((?<![\w'’])(?:[A-Z]|[a-z]{1,3}[A-Z])[\w+&.-]*(?:['’](?=\s+[A-Z]))?(?:\s+(?:[A-Z][\w+&.-]*"
    r"(?:['’](?=\s+[A-Z]))?|&|of|for|de|du))*)$"
)
# What joins the names of a list read backwards from the cue: "X, Y and Z filed".
_JOIN_BEFORE = re.compile(
    r"(?:,|\s+(?:and|et|&|ou|or))\s*(?:and\s+|et\s+)?(?:(?:la|le|les|l['’]|the)\s*)?$"
)
# A preposition before a name read backwards from the cue: the name is where, not who.
_PLACE_BEFORE = re.compile(r"(?<!\w)(?:en|in|à|au|aux|at|dans|near|from|depuis)\s+$", re.IGNORECASE)
_GROUPS = ("coalition", "alliance", "collectif", "groupement")
# A group named right before the word that describes it: "ACE, coalition qui", "(ACE), a".
_NAMED_BEFORE = re.compile(
    r"(?:(?!(?:The|A|An|La|Le|Les|Une|Un|Cette|This)\b)[A-Z][\w&+-]*|\))\s*,?\s*"
    r"(?:(?:a|an|the|une|la|le|l['’])\s+)?(?:\w+\s+)?$"
)
_CLAUSE_GOES_ON = re.compile(
    r"\s+(?:a|ont|est|sont|était|va|vont|doit|retire\w*|supprime\w*|ferme\w*|annonce\w*|dit|"
    r"affirme|reconna[iî]t|accepte\w*|has|have|had|is|are|was|were|will|says|said|removes?|"
    r"removed|pulls?|pulled|closes?|closed|shuts?|announced?|announces|agrees?|agreed|denies|"
    r"denied)\b"
)
# Sentences that tell another case: "after Ludoplex sued two other sites", "Bowser separately
# agreed to pay Ludoplex", « dans une autre procédure ».
_AGAINST_OTHERS = re.compile(
    r"(?<!\w)(?:contre|against|visée?s?|targeted|sued|poursuivie?s?) (?:deux |two |trois |"
    r"three |plusieurs |several |d['’])?(?:autres?|other|others)(?!\w)|"
    r"(?<!\w)(?:separately|séparément|in a separate|dans une (?:autre )?procédure (?:distincte|"
    r"séparée))(?!\w)"
)
_ACRONYM_AFTER = re.compile(r"\s*\(([A-Z][A-Z0-9+&-]{1,9})\)")
_ACRONYM_LATER = re.compile(r"[^().;:]{0,80}?\(([A-Z][A-Z0-9+&-]{1,9})\)")


def acting_parties(title: str, text: str, *, ordinary: bool = False) -> list[str]:
    """Names the text gives to those who acted, in order of appearance. With `ordinary`, also
    the names that read as ordinary words, places or people ("Disney", "Walt Disney"): a
    registry may know them as rights holders."""
    return [name for name in _acting_parties(title, text) if ordinary or not ordinary_name(name)]


# Memoised: tagging asks for an entry's parties twice (to keep them out of its sites, then as
# its rights holders).
@lru_cache(maxsize=64)
def _acting_parties(title: str, text: str) -> tuple[str, ...]:
    found: list[str] = []
    for sentence in (title, *sentences(text)):
        lowered = sentence.lower()
        if len(lowered) != len(sentence):  # a letter whose lower case is longer: no offsets
            lowered = sentence
        # "after Ludoplex sued two other sites": an action against someone else (looked for
        # only where a cue stands)
        cues_after = list(_CUE_AFTER.finditer(lowered))
        heads = list(_CUE_HEAD.finditer(lowered))
        if (cues_after or heads) and _AGAINST_OTHERS.search(lowered):
            continue
        for cue in cues_after:
            prefix = sentence[: cue.start()]
            prefix = prefix[: _AUXILIARY_BEFORE.search(prefix).start()]
            names = []
            while (name := _NAME_BEFORE.search(prefix)) is not None:
                if names and _PLACE_BEFORE.search(prefix, 0, name.start()):
                    break  # "Dans une plainte déposée en Arizona, Nintendo accuse": a place
                names.append(name.group())
                join = _JOIN_BEFORE.search(prefix[: name.start()].rstrip(" "))
                if join is None:
                    break
                prefix = prefix[: name.start()].rstrip(" ")[: join.start()]
            for name in reversed(names):
                _add(found, name)
        for head in heads:
            cue = _CUE.match(sentence, head.start())
            if cue is None:
                continue
            if lowered.startswith(_GROUPS, head.start()) and _NAMED_BEFORE.search(
                sentence[: head.start()]
            ):
                continue  # "(ACE), coalition qui réunit Netflix…": its members do not act here
            position = cue.end()
            including = _INCLUDING.match(sentence, position)
            if including is not None:
                position = including.end()
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
                    # « l'industrie du disque américaine (RIAA) »: described, then its acronym
                    described = _DESCRIBED_ACRONYM.match(sentence, position)
                    if described is None:
                        break
                    _add(found, described.group(1))
                    join = _JOIN.match(sentence, described.end())
                    if join is None:
                        break
                    position = join.end()
                    continue
                end = name.end()
                if _MODIFIED_NOUN.match(sentence, end):
                    break
                # "une plainte de Nintendo, LoveROMs retire…": after a comma, a name followed by
                # a verb begins another clause; it is its subject, not one more party.
                if sentence[position - 2 : position].strip() == "," and _CLAUSE_GOES_ON.match(
                    sentence, end
                ):
                    break
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
    # Acronyms, camel-case names ("HarperCollins"), names of two words or more on each side
    # ("Macmillan Learning and McGraw Hill") or of one word on each side ("Disney et
    # Columbia") are a list; "Alliance for Creativity and Entertainment" is one name, and so
    # is "Simon & Schuster".
    structured = "&" in name or any(
        word in _CONNECTORS for part in parts for word in part.split()[1:]
    )
    if len(parts) == 1 or structured:
        parts = [name]
    for part in parts:
        party = _party(part)
        if party and party not in found:
            found.append(party)


def _party(name: str) -> str:
    """`name` as a party's name: no article, no sentence full stop, no country branch."""
    words = name.rstrip(",").split()
    if len(words) > 1 and words[0] in ("The", "Le", "La", "Les", "L'", "L’"):
        words = words[1:]
    if words and words[-1].endswith(".") and words[-1][:-1] not in _ABBREVIATIONS:
        words[-1] = words[-1].rstrip(".")  # the sentence's full stop, not "Bros."
    places = place_words()
    # "Warner Bros. France", "Universal Music France": the company, not its country branch;
    # but "Recording Industry Association of America" is the association's own name.
    while len(words) > 1 and (fold(words[-1]) in places or words[-1].lower() in _CONNECTORS):
        if (
            len(words) > 2
            and words[-2].lower() in ("of", "de", "du")
            and words[-3].lower() in _ORGANISATION_WORDS
        ):
            break
        words = words[:-1]
    return " ".join(words)


@lru_cache(maxsize=1)
def place_words() -> frozenset[str]:
    """The countries, demonyms and cities of data/proper_words.txt (its "-- countries" and
    "-- cities" sections): the words a branch's name ends with, unlike "Walt Disney"."""
    text = files("rideau.newswire").joinpath("data", "proper_words.txt").read_text("utf-8")
    words: set[str] = set()
    section = ""
    for line in text.splitlines():
        if line.startswith("# --"):
            section = line[4:].strip()
            continue
        if section.startswith(("countries", "cities")):
            words.update(line.split("#", 1)[0].split())
    return frozenset(words)


def ordinary_name(name: str) -> bool:
    """Whether `name` reads as a place, an institution, an ordinary word or a person, not as
    a rights holder the registry does not know."""
    words = name.split()
    proper = word_list("proper_words.txt")
    common = word_list("common_words.txt")
    if not words or all(fold(w) in proper or fold(w) in common for w in words):
        return True
    if len(words) == 1 and (len(words[0]) < 2 or words[0].lower() in _ORGANISATION_WORDS):
        return True
    # "John Smith": a person; not "Blackwood Press"
    return (
        len(words) == 2
        and all(w.isalpha() and w[0].isupper() and w[1:].islower() for w in words)
        and words[1].lower() not in _ORGANISATION_WORDS
    )
