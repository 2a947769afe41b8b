"""Targets from the text: the piracy services an item says were acted against, known or not.

The registry knows a few hundred sites; the news meets a new one every week. A name is taken
for a target when the text says what it is (a descriptor beside it: "the torrent site X",
"X, a cyberlocker", « le site X », « l'annuaire X »), writes its domain name in a sentence
that reports an action, or makes it the subject or object of an action in the headline
("X shut down", "Seizure of X", « X fermé », « blocage de X »). Names recalled as background
("after X's fall", « comme X avant lui ») give no evidence. Ordinary capitalised words
(data/common_words.txt at a sentence start; countries, demonyms, months, institutions,
outlets anywhere: data/proper_words.txt) and people
(a name after "founder", « administrateur »: data/person_cues.txt) are never targets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from rideau.newswire.lexicon import (
    ACTION_PATTERNS,
    BACKGROUND_CUES,
    LIST_CUES,
    LIST_DESCRIPTORS,
    PAST_SENTENCE_CUES,
    POSSIBILITY_CUES,
    POSSIBILITY_REACH,
    SERVICE_DESCRIPTORS,
    SERVICE_ROLES,
    SERVICE_RUNNERS,
)
from rideau.newswire.matching import compile_terms, compile_terms_by_letter
from rideau.newswire.places import is_place
from rideau.newswire.text import fold, sentences

# Past this length a "name" is a hostile or broken text, not a site (and too long a file name).
MAX_NAME_LENGTH = 80
# Evidence a name needs to be a target, and what each kind of evidence is worth.
MIN_EVIDENCE = 3.0
TITLE_ACTION = 3.0
DESCRIBED_IN_TITLE = 3.0
DESCRIBED = 2.0
DOMAIN_IN_ACTION = 3.0
ACTED_ON = 1.5
# Described in the body of an item whose headline acts on a service it does not name.
HEADLINE_SERVICE = 1.0
# Named by its form in the lead, under a headline acting on services it does not name.
LEAD_UNDER_HEADLINE = 3.5
# Listed as an example of the services an action concerns (said once, most often).
LISTED = 3.0

# A subreddit ("r/soccerstreams") is one word: forums are closed like sites.
_WORD = re.compile(r"(?<![\w/])r/\w{3,}|[\w.+’'&-]+|[,;:.!?()«»\"“”‘]")
_ELISION = re.compile(r"^(?:[ldjmnst]|qu|jusqu|lorsqu|puisqu)['’]", re.IGNORECASE)
_DOMAIN = re.compile(
    r"^(?:[a-z0-9][a-z0-9-]{1,62}\.)+(?:com|net|org|fr|to|tv|me|io|ws|cc|info|eu|ru|se|ag|is|"
    r"li|ch|sx|la|gg|so|cx|nu|am|lu|pw|xyz|site|biz|in|co|tf|al|vip|cm|ac|ph|st|lol|club|one|"
    r"top|live|watch|movie|stream|zone|tk|ml|ga|cf|gq|be|de|uk|nl|es|it|mx|cz|pl|ro|bz|ms|sh|"
    r"lt|lv|ee|si|sk|hu|gr|pt|at|dk|no|fi|ie|ca|us|tw|vn|id|my|sg|kr|jp|cn|hk|ws|mn|ly|re|"
    # the cheap and new endings piracy sites hop to, and more countries'
    r"rip|cool|mov|ink|pics|skin|homes|quest|autos|bond|sbs|cfd|click|link|buzz|fun|icu|"
    r"monster|wtf|rocks|tube|video|film|media|cam|rest|ninja|space|website|online|store|tech|"
    r"app|dev|page|world|today|network|nz|au|br|ar|cl|pe|su|ua|by|kz|ai|ps|rs|ba|hr|bg|md|ge|"
    r"az|uz|ir|pk|bd|lk|np|th|kh|ng|za|ke|ma|dz|tn|eg|sa|ae|il|tr|ve|ec|uy|cr|pa|do|fm|cd|cg|"
    r"vc|sc|gd|im|je|nf|tl|mu|yt|ht|hn|cyou|boats|lat|ltd|wiki|plus|pro|mobi|name|asia|tel|"
    r"baby|cloud|run|zip|now|mom|hair|beauty|makeup|uno|fit|bar|best|gdn|vin|art|blog|news|"
    r"digital|group|life|games|moe)$",
    re.IGNORECASE,
)
_ARTICLES = frozenset(("the", "le", "la", "les", "l"))
# The name a business trades under: "under the names X and Y", « sous le nom de X », "traded as"
_TRADE_NAME = re.compile(
    r"(?:\b(?:under|sous) (?:the |le |les )?(?:names?|noms?)(?: de| d| of)?|"
    r"\b(?:traded|trading|operated|operating|sold|marketed|commercialise\w*) as)$"
)
_AND_OTHER = re.compile(r"(?:and|et) (?:other|d autres|autres|similar|ses|its|their|leurs)\b")
_DETERMINERS = frozenset(("the", "le", "la", "les", "l", "a", "an", "un", "une"))
# A name right before one of these owns the proceedings: "settles the RIAA suit"
_PROCEEDINGS = frozenset(
    ("suit", "suits", "lawsuit", "lawsuits", "complaint", "complaints", "claim", "claims",
     "plainte", "plaintes", "request", "demand", "injunction")
)  # fmt: skip
_COORDINATORS = frozenset((",", "et", "and", "&", "ou", "or", "d", "de", "l", "as", "well"))
_ACTOR_LINKS = frozenset(("by", "par", "to", "à", "from", "with", "avec"))
# First words of the names the police give their operations ("Operation Fastlink")
_OPERATION = ("operation", "operacion", "operazione", "operatie")
# Words right before a name that make it an organisation, not a site: "anti-piracy group
# BREIN", « l'association ALPA », "the trade body MPA".
_ORGANISATION_BEFORE = frozenset(
    ("group", "groupe", "association", "alliance", "body", "outfit", "coalition", "federation",
     "label", "studio", "society", "societe", "syndicat", "organisation", "organization",
     "agency", "agence", "union", "foundation", "fondation", "league", "ligue", "publisher",
     "editeur", "broadcaster", "diffuseur", "company", "firm", "lobby", "broadcasters",
     "diffuseurs", "chaine", "chaines", "channel", "channels", "station", "stations",
     "editeurs", "publishers", "labels", "studios", "societes")
)  # fmt: skip
# Words right before a name that say it is the name of what the sentence describes.
_NAMING_WORDS = frozenset(
    ("appele", "appelee", "appeles", "appelees", "baptise", "baptisee", "nomme", "nommee",
     "surnomme", "called", "named", "dubbed", "nicknamed", "branded")
)  # fmt: skip
# Last words of a company's or a body's name: "Macmillan Learning", "Capitol Records".
_ORGANISATION_AFTER = frozenset(
    ("learning", "press", "publishing", "publishers", "records", "pictures", "studios",
     "entertainment", "inc", "inc.", "ltd", "ltd.", "llc", "corp", "corp.", "corporation",
     "association", "society", "societe", "foundation", "fondation", "institute", "university",
     "universite", "editions", "productions", "broadcasting", "laboratories", "federation")
)  # fmt: skip
_PREPOSITIONS = frozenset(
    ("in", "of", "from", "to", "at", "on", "with", "for", "by", "de", "d", "du", "des", "en",
     "dans", "sur", "pour", "par", "chez", "a", "au", "aux", "vers", "avec", "via", "than", "que")
)  # fmt: skip
_ACTION = compile_terms_by_letter(ACTION_PATTERNS)
_DESCRIPTOR = compile_terms_by_letter(SERVICE_DESCRIPTORS)
_DESCRIPTOR_AFTER = frozenset(
    ("site", "website", "tracker", "portal", "service", "app", "platform", "indexer", "index",
     "cyberlocker", "emulator", "addon", "add-on", "repository")
)  # fmt: skip
_RELATIVE_VERB = compile_terms(
    (r"sued", r"sues?", r"targeted", r"targets?", r"attacked", r"attaqu(e|ait)", r"poursui(t|vait)",
     r"vis(e|ait)", r"accus(e|es|ed|ait)")
)  # fmt: skip
_BACKGROUND = compile_terms(BACKGROUND_CUES)
# The time words of PAST_SENTENCE_CUES, but its pluperfect and years: "the site, which had
# grown…, was seized", "the site, launched in 2011, was seized" are news
_DATED_BEFORE = compile_terms(
    c for c in PAST_SENTENCE_CUES if not c.startswith(("had", "avai", "(en|in)"))
)
_HYPOTHETICAL = compile_terms(POSSIBILITY_CUES)
_ROLE = compile_terms(SERVICE_ROLES)
_LIST_CUE = compile_terms(LIST_CUES)
# "…40 torrent sites, including": a plural descriptor, then a cue opening a list of examples
_LIST_OPENING = re.compile(
    r"(?<![a-z0-9])(?:"
    + "|".join(LIST_DESCRIPTORS)
    + r")(?: [a-z0-9]+){0,3}(?: ,)? (?:"
    + "|".join(LIST_CUES)
    + r")$"
)
# A list recalled from the past: "since the fall of sites like X", « après des sites comme X »
_PAST_LIST = compile_terms(
    (r"after", r"apres", r"since", r"depuis", r"following", r"suite a", r"wake of", r"fall of",
     r"chute de", r"fermeture de", r"closure of", r"unlike", r"contrairement a", r"rivals?",
     r"alternatives?", r"concurrents?", r"competitors?")
)  # fmt: skip
# "the founders of X", « l'un des administrateurs présumés du site X », "who ran the site X"
_ROLE_BEFORE = re.compile(
    r"(?:(?<![a-z0-9])(?:" + "|".join(SERVICE_ROLES) + r")(?: (?:presumes?|presume|alleged))?"
    r" (?:of|de|du|des|d|behind)|(?<![a-z0-9])(?:" + "|".join(SERVICE_RUNNERS) + r"))"
    r"(?: (?:the|le|la|les|l|its|son|sa|ses))?(?: [a-z]+){0,3}$"
)
# Words a headline puts between a name and its verb: "X has been shut down", « X a été fermé ».
_AUXILIARIES = frozenset(
    ("has", "have", "had", "is", "are", "was", "were", "been", "be", "being", "gets", "got",
     "a", "ont", "est", "sont", "ete", "etait", "se", "s", "finally", "officially", "now",
     "enfin", "definitivement", "desormais", "aussi", "also", "to", "will", "va", "vont",
     "owner", "owners", "operator", "operators", "founder", "founders", "admin", "admins",
     "boss", "domains", "domain", "servers", "server", "site", "website", "says", "said",
     "developers", "team", "makers", "creators", "staff", "kingpin", "operateur", "exploitant",
     "administrateur", "administrateurs", "fondateur", "fondateurs", "responsables", "also",
     "reportedly", "apparently", "allegedly", "n", "ne", "was", "been", "has", "had",
     "officiellement", "bientot", "et", "and", "its", "ses", "son", "sa", "leurs")
)  # fmt: skip
# Words between an action and its object: "Seizure of X", « blocage de X », "shut down X".
_LINKS = frozenset(
    ("of", "de", "d", "du", "des", "the", "le", "la", "les", "l", "on", "against", "contre",
     "to", "down", "giant", "pirate", "piracy", "site", "portal", "tracker", "vise", "visant",
     "targets", "targeting", "hits", "frappe", "sur", "a", "an", "un", "une", "popular",
     "major", "big", "biggest", "largest", "french", "site", "torrent", "streaming")
)  # fmt: skip
# A name right before one of these acts in the story, it is not acted on: "Nintendo sues…",
# « l'éditeur X porte plainte », "the studio X wins", "MPA applauds".
_ACTOR_VERB = compile_terms(
    (r"sues?", r"suing", r"attaqu(e|ent)", r"poursui(t|vent)", r"assign(e|ent)",
     r"port(e|ent) plainte", r"depos(e|ent) plainte",
     r"(files?|filed) (a )?(suit|lawsuit|complaint)",
     r"obtien(t|nent)", r"obtained", r"wins?", r"won", r"gagn(e|ent)", r"remport(e|ent)",
     r"applauds?", r"cheers?", r"hails?", r"welcomes?", r"salu(e|ent)", r"se felicit\w*",
     r"demand(e|ent)", r"reclam(e|ent)", r"asks?", r"seeks?", r"wants?", r"targets?",
     r"vis(e|ent)", r"goes after", r"trai?n(e|ent)",
     r"fait (fermer|bloquer|saisir|condamner|plier)",
     r"takes? down", r"widens?", r"adds?", r"accuses?", r"accus(e|ent)")
)  # fmt: skip
# Verbs of closing something, and the words that open their object.
_CLOSING_VERB = re.compile(
    r"(?:shuts? down|shuts?|closes?|takes? (?:down|out)|ferme(?:nt)?|bloque(?:nt)?|"
    r"blocks?|seizes?|saisi(?:t|ssent)|(?:fait|font) (?:fermer|tomber|disparaitre))\b"
)
_OBJECT_OPENERS = frozenset(
    ("le", "la", "les", "l", "un", "une", "des", "deux", "trois", "plusieurs", "the", "a", "an",
     "another", "two", "three", "four", "five", "several", "dozens", "hundreds")
)  # fmt: skip
_POSSESSORS = frozenset(("its", "their", "his", "her", "ses", "son", "sa", "leur", "leurs"))
# Protocols and formats before a name say what it uses: "logiciel P2P Winny" is Winny.
_TECH_WORDS = frozenset(
    ("p2p", "ed2k", "mp3", "mp4", "kodi", "iptv", "bittorrent", "usenet", "dmca", "vpn", "ddl",
     "divx", "hd", "4k", "vod", "svod", "edonkey", "emule", "warez")
)  # fmt: skip


@dataclass(frozen=True)
class Target:
    """A name the text establishes as a target, and how strongly."""

    name: str  # as the text writes it (the most telling form)
    key: str  # folded, no spaces nor leading article: one per site whatever its form
    evidence: float
    in_title: bool
    reasons: tuple[str, ...] = ()


@lru_cache(maxsize=8)
def word_list(name: str) -> frozenset[str]:
    """The folded words of data/<name>.txt (package data; '#' starts a comment)."""
    text = files("rideau.newswire").joinpath("data", name).read_text(encoding="utf-8")
    return frozenset(word for line in text.splitlines() for word in line.split("#", 1)[0].split())


def common_words() -> frozenset[str]:
    return word_list("common_words.txt")


def name_key(name: str) -> str:
    """One key for every form of a name: "The Pirate Bay", "thepiratebay.se", "Pirate-Bay"."""
    words = fold(name.split(".")[0] if _DOMAIN.match(name) else name).split()
    if len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    key = "".join(words) if _DOMAIN.match(name) else "".join(words).replace(".", "")
    return key[3:] if key.startswith("the") and _DOMAIN.match(name) and len(key) > 6 else key


@dataclass(frozen=True)
class _Span:
    words: tuple[str, ...]  # the name's words as written
    start: int  # word index in the sentence
    end: int

    @property
    def text(self) -> str:
        return " ".join(self.words)


def _words(sentence: str) -> list[str]:
    """Words and punctuation; an elided article is a word of its own ("d'eDonkey-armata" ->
    "d", "eDonkey-armata")."""
    out = []
    for word in _WORD.findall(sentence):
        rest = _ELISION.sub("", word) if "'" in word or "’" in word else word
        if rest != word and rest:
            out.append(fold(word[: len(word) - len(rest)]).strip())
            word = rest
        word = word.strip("’'") if len(word) > 1 else word
        word = word.rstrip(".") if len(word) > 1 else word
        if word:
            out.append(word)
    return out


def _looks_named(word: str) -> bool:
    """A word that is a name by its form: a domain, inner capitals ("eDonkey-armata",
    "KickassTorrents"; not "Co-Founder"), letters and digits ("T411", "123movies")."""
    if _DOMAIN.match(word) or word.startswith("r/"):
        return True
    if word.endswith(_POSSESSIVES):
        word = word[:-2]  # "BCE's" is an acronym's possessive, not "eDonkey"
    inner_caps = not word.isupper() and any(
        any(c.isupper() for c in part[1:]) or (i and part[:1].isupper() and not word[0].isupper())
        for i, part in enumerate(word.split("-"))
    )
    return inner_caps or (any(c.isdigit() for c in word) and any(c.isalpha() for c in word))


_ARTICLE_NUMBER = re.compile(r"\d+[A-Za-z]?|[A-Z]{1,2}\.?\d+(?:-\d+)+")


def _is_name_word(word: str, first: bool, title_case: bool) -> bool:
    # Most words are plain lowercase words: settled without a regular expression.
    if not word or (word.islower() and word.isalpha()) or len(word) > MAX_NAME_LENGTH:
        return False
    if word in ',;:.!?()«»"“”‘':
        return False
    if _DOMAIN.match(word):
        return True
    folded = fold(word)
    if folded in word_list("proper_words.txt") or (
        "-" in word
        and (folded.split() or [""])[0] in word_list("proper_words.txt")
        and word.rsplit("-", 1)[1].islower()
    ):
        # "ISPs", "FBI", "McDonald's", "US-registered" stand for no site; "YouTube-MP3" does
        return False
    if "-" in word and word.rsplit("-", 1)[1].endswith(_MODIFIER_ENDINGS):
        return False  # "MP3-swapping", "File-sharing", "Paris-based": a modifier, no name
    if _ARTICLE_NUMBER.fullmatch(word):
        return False  # "Section 115A", « article L336-2 »: a law's article, never a name
    if _AMOUNT.fullmatch(folded):
        return False  # "100m", "30th", « 2e »: a figure or a rank, never a name
    if "-" in word and _is_measure(word.split("-")):
        return False  # "$29.3-million", "10-year": a measure
    # A compound of common words is a common word anywhere ("pay-TV", "Peer-to-Peer"), and
    # one of common words and places a place (« outre-Manche »)
    if "-" in word and set(folded.split()) <= common_words() | word_list("proper_words.txt"):
        return False
    if _looks_named(word):
        return True
    if not word[0].isupper() or len(word) < 2:
        return False
    folded = fold(word)
    proper = word_list("proper_words.txt")
    if folded in proper or folded.split()[0] in proper:  # "French-speaking", "US-based"
        return False  # "French", "Suède", "FBI": never (part of) a site's name
    parts = folded.split()
    if len(parts) > 1 and set(parts) & proper and set(parts) <= proper | common_words():
        return False  # "Grande-Bretagne", "Corée-du-Sud"
    # A capitalised common word at a sentence start or in a Title Case headline says nothing.
    return not (first or title_case) or folded not in common_words()


def _spans(words: list[str], title_case: bool) -> list[_Span]:
    """Runs of name-like words, the candidate names: "Zone Téléchargement", "The Pirate Bay"."""
    common = word_list("common_words.txt")
    # (most words are lowercase: tested here, without a call)
    named = [
        not (w.islower() and w.isalpha()) and _is_name_word(w, k == 0, title_case)
        for k, w in enumerate(words)
    ]
    spans, i = [], 0
    while i < len(words):
        if not named[i]:
            i += 1
            continue
        j = i
        while j < len(words) and named[j]:
            if j > i and _DOMAIN.match(words[j]):
                break
            j += 1
            # "Gary Norvane's Brazzik site": a person's possessive ends the person's name
            # ("Anna's Archive", one word before it, stays one name)
            if (
                j - i >= 2
                and words[j - 1].endswith(_POSSESSIVES)
                and fold(words[i]) in word_list("first_names.txt")
            ):
                break
        start = i
        # (as acronyms only: "eMule Paradise" is a name)
        while j - start > 1 and fold(words[start]) in _TECH_WORDS and _acronym(words[start]):
            start += 1
        run = words[start:j]
        # "RapidShare's servers", "EastIPTV's operator": the name without its possessive
        if run and run[-1].endswith(_POSSESSIVES) and len(run[-1]) > 4:
            run = [*run[:-1], run[-1][:-2]]
        # A run of common words alone is no name ("Piracy", "The Site").
        if run and not all(fold(w) in common for w in run):
            spans.append(_Span(tuple(run), start, j))
        i = max(j, i + 1)
    return _joined_by_connectors(words, spans)


# The small words inside a Romance name: "Livros de Humanas", "Zona de Descargas".
_NAME_CONNECTORS = frozenset(("de", "da", "do", "dos", "das", "del", "della", "di", "du"))


def _joined_by_connectors(words: list[str], spans: list[_Span]) -> list[_Span]:
    """`spans` with two names that one connector joins read as one ("Livros de Humanas"):
    places and institutions are no names on either side ("Tribunal de Paris" is none)."""
    joined: list[_Span] = []
    for span in spans:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and span.start == previous.end + 1
            and words[previous.end] in _NAME_CONNECTORS
        ):
            joined[-1] = _Span(
                (*previous.words, words[previous.end], *span.words), previous.start, span.end
            )
        else:
            joined.append(span)
    return joined


# A name written in lower case ("youtube-dl", "yt-dlp", "popcorn-time", "mp3juices"): a
# program's or a project's, taken only where the text says what it is ("the tool youtube-dl",
# "youtube-dl, an open-source program").
_LOWER_NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)+|[a-z]{2,}[0-9][a-z0-9]*")
# First parts of ordinary hyphenated words ("open-source", « anti-piratage », "e-mail").
_LOWER_PREFIXES = frozenset(
    ("anti", "e", "co", "ex", "non", "pre", "post", "re", "self", "auto", "multi", "cross",
     "peer", "open", "pay", "video", "on", "high", "low", "well", "so", "long", "short", "full",
     "half", "semi", "sous", "sur", "demi", "mi", "micro", "mini", "mega", "cyber", "web", "tele",
     "much", "all", "top", "best", "un", "in", "out", "over", "under", "end", "add", "plug",
     "set", "log", "sign", "back", "check", "follow", "start", "spin", "take", "shut", "break")
)  # fmt: skip


def _lower_names(words: list[str], spans: list[_Span]) -> list[_Span]:
    """`spans` with the lower-case names the sentence describes, in reading order."""
    taken = {k for span in spans for k in range(span.start, span.end)}
    found = []
    for k, word in enumerate(words):
        if k in taken or len(word) < 4 or not _LOWER_NAME.fullmatch(word) or _DOMAIN.match(word):
            continue
        parts = word.split("-")
        if parts[0] in _LOWER_PREFIXES or fold(word) in _TECH_WORDS:
            continue
        if parts[-1].endswith(_MODIFIER_ENDINGS) or parts[-1] in ("to", "a", "de", "il", "elle"):
            continue  # "stream-ripping", "peer-to-peer"… and « a-t-il »
        if any(part in _COMPOUND_JOINERS for part in parts[1:-1]):
            continue  # "round-the-clock channels", "pay-per-view service": what they are like
        if _is_measure(parts):
            continue  # "$29.3-million", "a 10-year sentence": a measure
        span = _Span((word,), k, k + 1)
        if _described(words, span):
            found.append(span)
    return sorted((*spans, *found), key=lambda span: span.start) if found else spans


_POSSESSIVES = ("'s", "’s")
# A figure or a rank, folded: "$100m", "30th", "2,5", « 3e », « 1er ».
_AMOUNT = re.compile(r"[$€£]?\d[\d.,]*(?:st|nd|rd|th|m|bn|b|k|e|er|re|eme|ieme|mn)?")
# Signs inside a surname: O'Dwyer, Jean-Marc, D’Angelo.
_NAME_LETTERS = re.compile("['’-]")
_QUOTES = frozenset(("«", "»", '"', "“", "”", "‘", "'", "’"))
# "the X of piracy", « le X de la musique », "a X for manga"
_MODEL_OF = frozenset(("of", "for", "de", "du", "des", "d"))
_UNITS = frozenset(
    ("million", "millions", "billion", "billions", "milliard", "milliards", "year", "years",
     "month", "months", "week", "weeks", "day", "days", "hour", "hours", "an", "ans", "mois",
     "jours", "dollar", "dollars", "euro", "euros", "pound", "pounds",
     # counts: "a 22m-user IPTV network", "a 2M-subscriber service"
     "user", "users", "subscriber", "subscribers", "member", "members", "visitor", "visitors",
     "viewer", "viewers", "customer", "customers", "strong")
)  # fmt: skip
_MEASURE_TAILS = frozenset(("old", "olds", "long"))  # "a 23-year-old", "a two-week-long"
_COMPOUND_JOINERS = frozenset(("the", "of", "per", "and", "in", "on", "by", "for"))
_MODIFIER_ENDINGS = ("ing", "ed", "based", "style", "like", "only", "free", "related", "backed")


def _is_measure(parts: list[str]) -> bool:
    """A figure and its unit, written with hyphens: "29.3-million", "10-year", "a 23-year-old"."""
    return (
        len(parts) >= 2
        and bool(_AMOUNT.fullmatch(parts[0]))
        and parts[1].lower() in _UNITS
        and all(part.lower() in _MEASURE_TAILS for part in parts[2:])
    )


def _acronym(word: str) -> bool:
    """ "P2P", "MP3", "eD2k": written as a format's acronym, not as a name ("eMule Paradise")."""
    return word.isupper() or any(c.isdigit() for c in word)


# Words beside a name that make it a law's: « la loi Sinde », "the Sinde law", "DMCA Act".
_LAW_BEFORE = frozenset(("loi", "law", "decret", "decree", "directive", "reglement"))
_LAW_AFTER = frozenset(("law", "laws", "act", "bill", "decree", "directive", "treaty"))


def _law(words: list[str], span: _Span) -> bool:
    """A law's name, or a police operation's ("Operation Taken Down"), not a service's."""
    before = fold(words[span.start - 1]) if span.start else ""
    after = fold(words[span.end]) if span.end < len(words) else ""
    return before in _LAW_BEFORE or before in _OPERATION or after in _LAW_AFTER


def _person(words: list[str], span: _Span) -> bool:
    """A person's name: after a role word ("founder Kim Dotcom", « l'Ukrainien Artem Vaulin »)."""
    if any(_DOMAIN.match(w) for w in span.words):
        return False
    cues = word_list("person_cues.txt")
    # "Gary Bowser", « Stephen Cooper », "Student Richard O'Dwyer" (a title's role word leads
    # the run): a first name and a surname
    named = list(span.words)
    while len(named) > 2 and fold(named[0]) in cues:
        del named[0]
    if (
        1 < len(named) <= 3
        and fold(named[0]) in word_list("first_names.txt")
        and all(
            _NAME_LETTERS.sub("", w.removesuffix("'s").removesuffix("’s")).isalpha()
            and w[:1].isupper()
            and not w.isupper()
            for w in named
        )
    ):
        return True
    # "founder Kim Dotcom", « l'Ukrainien Artem Vaulin »; not "owner of KickassTorrents"
    before = fold(" ".join(words[max(0, span.start - 1) : span.start])).split()
    # "Fredrik Neij, one of the founders of…", « Artem Vaulin, un Ukrainien de 30 ans »
    after = fold(" ".join(_window(words[span.end + 1 : span.end + 6]))).split()
    apposition = words[span.end : span.end + 1] == [","]
    singular = {w[:-1] for w in after if w.endswith("s")} | set(after)
    # "X, a release group accused of…": the apposition says what X is
    if apposition and _DESCRIPTOR.search(" ".join(after)):
        return bool(set(before) & cues)
    return bool(set(before) & cues) or (apposition and bool(singular & cues))


def _described(words: list[str], span: _Span) -> bool:
    """A descriptor right before ("le site X", "the torrent tracker X") or after an apposition
    comma ("X, the biggest torrent tracker", « X, un site français »)."""
    # "the torrent tracker T411", « le site pirate X »; not "the tracker in the X world"
    before = []
    for word in reversed(words[max(0, span.start - 4) : span.start]):
        if word in ",;:.!?()" or fold(word) in _PREPOSITIONS:
            break
        before.insert(0, word)
    # "the anti-piracy group BREIN", « l'éditeur néerlandais Elsevier » (a demonym between)
    if any(fold(word) in _ORGANISATION_BEFORE for word in before[-2:]):
        return False
    # "a service called Moonwalk", « un modèle appelé Filmspeler »: the text gives the name
    if before and fold(before[-1]) in _NAMING_WORDS:
        return True
    # "sold under the names Pikabox and Eyepeeteevee", « sous le nom de X », "traded as X"
    if _TRADE_NAME.search(fold(" ".join(words[max(0, span.start - 4) : span.start]))):
        return True
    # "a site the MPAA has long called…": an article starts the name's own phrase
    articles = [k for k, w in enumerate(before) if fold(w) in _DETERMINERS]
    if articles:
        before = before[articles[-1] + 1 :]
    after = words[span.end : span.end + 10]
    if _relative_subject(after):
        return False
    # (within the last two words: "sites have quietly removed X files" describes nothing)
    if _DESCRIPTOR.search(fold(" ".join(before[-2:]))):
        return True
    # "Le site en question, Dreamfilm, proposait…": a descriptor, a comma, the name, a comma
    if words[span.start - 1 : span.start] == [","] and after[:1] == [","]:
        head = _window(words[max(0, span.start - 6) : span.start - 1][::-1])[::-1]
        if head and fold(head[0]) in _DETERMINERS and _DESCRIPTOR.search(fold(" ".join(head))):
            return True
    # "an order against DotMovies and other rogue sites", « X et d'autres sites pirates »
    if _AND_OTHER.match(fold(" ".join(after[:3]))) and _DESCRIPTOR.search(
        fold(" ".join(after[2:6]))
    ):
        return True
    # "Stephen Cooper's MP3s4FREE site": the descriptor right after the name
    if after and fold(after[0]) in _DESCRIPTOR_AFTER and not span.text.isupper():
        return True
    if after[:1] == [","] or after[:1] == ["("]:
        tail = []
        for word in after[1:]:
            if word in ",;:.!?()":
                break
            tail.append(word)
        described = fold(" ".join(tail))
        descriptor = _DESCRIPTOR.search(described)
        if descriptor is None:
            return False
        # « l'ACE, l'alliance anti-piratage des studios et des plateformes »: an organisation
        # (what comes first says what the name is; "X, a site sued by a group" is a site)
        first = described[: descriptor.start()].split()
        return not (set(first) & _ORGANISATION_BEFORE or "anti" in first)
    return False


_COUNT = re.compile(
    r"(?<![a-z])(?:\d+|two|three|four|five|six|seven|eight|nine|ten|dozen|both|all|deux|trois|"
    r"quatre|cinq|six|sept|huit|neuf|dix|douzaine|tous|toutes)(?![a-z])"
)


def _plural_apposition(words: list[str], span: _Span) -> bool:
    """A counted descriptor after the last name of a list: "…, Plumora and Grabit, five
    streaming sites", « …, Zapbox et Veltrix, deux sites de streaming »."""
    if words[span.end : span.end + 1] != [","]:
        return False
    described = fold(" ".join(_window(words[span.end + 1 : span.end + 9])))
    descriptor = _DESCRIPTOR.search(described)
    return descriptor is not None and bool(_COUNT.search(described[: descriptor.start()]))


def _opens_title(words: list[str], span: _Span) -> bool:
    """The name opens the headline (after an article at most) and a comma follows it (or its
    number: "Razorback 2,")."""
    start_ok = span.start == 0 or (span.start == 1 and fold(words[0]) in _ARTICLES)
    rest = words[span.end : span.end + 2]
    return start_ok and (
        rest[:1] == [","] or (rest[:1] != [] and rest[0].isdigit() and rest[1:] == [","])
    )


def after_comma(words: list[str], span: _Span) -> list[str]:
    """The clause after the first comma following `span`."""
    tail = words[span.end :]
    return tail[tail.index(",") + 1 :] if "," in tail else []


def _relative_subject(after: list[str]) -> bool:
    """ "…the two ROM sites Nintendo sued": the name is the subject of a relative clause."""
    return (
        bool(after)
        and bool(_RELATIVE_VERB.fullmatch(fold(after[0])))
        and fold(" ".join(after[1:2])) not in ("by", "par")
    )


def _run_by(words: list[str], span: _Span) -> bool:
    """People who run the service are named with it: "the founder of X", "who ran the site
    X", « les gérants de X », "X founder Y", "X's operators"."""
    if _relative_subject(words[span.end : span.end + 2]):
        return False
    before = _window(words[max(0, span.start - 6) : span.start][::-1])[::-1]
    if before and _ROLE_BEFORE.search(fold(" ".join(before))):
        return True
    after = words[span.end : span.end + 2]
    return bool(after) and bool(_ROLE.fullmatch(fold(after[0])))


# "La fermeture de X…", "Closure of X:" opening a sentence or a headline tell the news itself
_NEWS_OPENING = re.compile(
    r"^(?:(?:la|le|l|the) )?(?:fermeture|closure|chute|fall|demise|disparition|shutdown)"
    r" (?:de|du|d|of)(?: (?:la|le|l|the))?$"
)


def _listed(words: list[str], spans: list[_Span]) -> set[_Span]:
    """The names listed as examples of services an action concerns: "ordered ISPs to block
    40 sites, including X, Y and Z", « bloquer des sites comme X ou Y »."""
    listed: set[_Span] = set()
    previous: _Span | None = None
    for span in spans:
        gap = words[previous.end : span.start] if previous is not None else None
        if previous in listed and gap and all(w.lower() in _COORDINATORS for w in gap):
            listed.add(span)
        else:
            before = fold(" ".join(words[max(0, span.start - 7) : span.start]))
            if _LIST_OPENING.search(before):
                clause = fold(" ".join(words[: span.start]))
                if not _PAST_LIST.search(clause):
                    listed.add(span)
        previous = span
    return listed


_DATE_AFTER = re.compile(
    r" (?:(?:le|the|mid|early|late|last) )?(?:\d|janvier|fevrier|mars|avril|mai|juin|juillet|"
    r"aout|septembre|octobre|novembre|decembre|january|february|march|april|may|june|july|"
    r"august|september|october|november|december|lundi|mardi|mercredi|jeudi|vendredi|samedi|"
    r"dimanche|monday|tuesday|wednesday|thursday|friday|saturday|sunday|hier|yesterday)"
)


# "DStorage, which runs 1fichier.com", « X, qui édite Y »: the company, not the service
_RUNNER_AFTER = re.compile(
    r"(?:, )?(?:which|that|qui) (?:runs|ran|operates|operated|owns|owned|exploite|exploitait|"
    r"edite|editait|gere|gerait|possede)(?![a-z])"
)
_DATED_BY = re.compile(
    r"(?<![a-z])(?:au lendemain (?:de|du|des|d)|(?:the|a|one) day after|la veille (?:de|du|des|d)|"
    r"the day before|(?:un|une|d un|d une) autres? (?:site|service|plateforme)|another "
    r"(?:site|service|platform))(?![a-z])"
)
_DATED_BY_WORDS = frozenset(("lendemain", "day", "veille", "autre", "autres", "another"))
_AS_WHAT = re.compile(
    r"(?<![a-z])(?:presente|considere|decrit|connu|qualifie|designe|identifie|percu|vu)e?s? "
    r"comme"
)


def named_as_a_model(previous: str, following: str) -> bool:
    """A name said as a model, not as itself: "the 'Popcorn Time for music'", « le Netflix du
    piratage », "a Megaupload of manga" (`previous`, `following`: the folded words around it,
    quotes left out)."""
    if previous in ("a", "an"):  # (the French "à" folds to "a": « ordonne à X de cesser »)
        return following in ("of", "for")
    return previous in _DETERMINERS and following in _MODEL_OF


def _background(words: list[str], span: _Span) -> bool:
    # the words on each side of the name, quotes left out (« le « Popcorn Time de… » »)
    previous = next((w for w in reversed(words[max(0, span.start - 2) : span.start])
                     if w not in _QUOTES), "")  # fmt: skip
    following = next((w for w in words[span.end : span.end + 2] if w not in _QUOTES), "")
    if previous and following and named_as_a_model(fold(previous), fold(following)):
        return True
    before = _window(words[max(0, span.start - 5) : span.start][::-1])[::-1]
    if len(before) == span.start and _NEWS_OPENING.match(fold(" ".join(before))):
        return False
    cue = _BACKGROUND.search(folded := fold(" ".join(before)))
    # « au lendemain de la saisie, par la cyberpolice, des serveurs d'un autre site, fs.to »:
    # the other action, told to date this one, whatever the words between (folded only
    # where one of its words stands: most names have none before them)
    wider = words[max(0, span.start - 14) : span.start]
    if (
        not cue
        and any(w.lower() in _DATED_BY_WORDS for w in wider)
        and _DATED_BY.search(fold(" ".join(wider)))
    ):
        return True
    # « présenté comme le fondateur de X », "known as": what X is, not a precedent
    if (
        cue
        and cue.group() in ("comme", "like")
        and _AS_WHAT.search(fold(" ".join(words[max(0, span.start - 7) : span.start])))
    ):
        cue = None
    # "Since June 17, X is no longer reachable", « Depuis lundi, X… »: a date, not a precedent
    if cue and cue.group() in ("since", "depuis") and _DATE_AFTER.match(folded, cue.end()):
        cue = _BACKGROUND.search(folded, cue.end())
    return bool(cue)


def _headline_action(words: list[str], span: _Span, in_title: bool = True) -> bool:
    """The headline makes the name the subject or the object of an action: "X Owner Arrested",
    « X fermé », "Seizure of X's domains", « blocage de X »."""
    colon = next((i for i, w in enumerate(words) if w in (":", "–")), None) if in_title else None
    # (a list of names before the colon is a topic too: « X, Y, Z : trois inculpations »)
    listed = all(
        w == "," or w.lower() in _COORDINATORS or w[:1].isupper() or _looks_named(w)
        for w in words[: colon or 0]
    )
    if (
        colon is not None
        and span.end <= colon
        and (listed or not any(w in ",;.!?()" for w in words[:colon]))
    ):
        # « T411 : serveurs saisis », « Openload et Streamango : rideau pour… »: the topic;
        # « Procès de Seriefr : huit mois requis »: the action names the topic
        return reports_action(fold(" ".join(words[colon + 1 :]))) or reports_action(
            fold(" ".join(words[: span.start]))
        )
    after = _window(words[span.end : span.end + 5])
    # "Razorback 2, c'est fini", « X, c'est terminé »: the headline's subject, then a verdict
    if (
        in_title
        and _opens_title(words, span)
        and reports_action(fold(" ".join(after_comma(words, span))))
    ):
        return True
    if _relative_subject(after):
        return False  # "the sites X sued", "X sued the makers": X acts
    content = [w for w in after if fold(w) not in _AUXILIARIES]
    if content and _ACTOR_VERB.match(fold(" ".join(content[:3]))):
        return False  # "Nintendo sues the makers of X": the subject acts
    if content and _acts_on_an_object(content):
        return False  # "Nintendo shuts down another emulator", « X ferme l'émulateur Y »
    if after and fold(after[0]) in _PROCEEDINGS:
        return False
    if not in_title:
        # In the body, only as the subject: "X was shut down", not "X in a default judgment"
        # "X and Y were shut down": coordinated names are skipped too
        content = [w for w in after if fold(w) not in _AUXILIARIES and not w[:1].isupper()]
        # the verb and its particle or object: "went offline", "was taken down", "ferme ses portes"
        after = after[: after.index(content[0]) + 3] if content else []
    before = _window(words[max(0, span.start - 4) : span.start][::-1])[::-1]
    # "sued by X", « fermé par X », "ordered to pay $15m to X": X acted or gained
    if before and before[-1].lower() in _ACTOR_LINKS:
        if before[-1].lower() in ("by", "par"):
            return False  # "the couple sued by X gives up": X is no subject either
        before = []
    return reports_action(fold(" ".join(after))) or bool(
        before and reports_action(fold(" ".join(before)))
    )


def _acts_on_an_object(after: list[str]) -> bool:
    """A closing verb with an object after it: the name before it closed something ("shuts
    down another emulator", « ferme l'émulateur », "shuts Brazil anime site"); not "closes
    its doors", « ferme ses portes », nor "X shuts down" alone."""
    verb = _CLOSING_VERB.match(fold(" ".join(after[:3])))
    if not verb:
        return False
    rest = after[len(verb.group().split()) :]
    if not rest:
        return False
    following = fold(rest[0])
    return following in _OBJECT_OPENERS or (rest[0][:1].isupper() and following not in _POSSESSORS)


def _groups(words: list[str], spans: list[_Span]) -> list[list[_Span]]:
    """The spans in runs of coordinated names ("X, Y et Z")."""
    groups: list[list[_Span]] = []
    for span in spans:
        gap = words[groups[-1][-1].end : span.start] if groups else None
        if gap is not None and gap and all(w.lower() in _COORDINATORS for w in gap):
            groups[-1].append(span)
        else:
            groups.append([span])
    return groups


def _coordinated_with_action(words: list[str], spans: list[_Span], in_title: bool) -> set[_Span]:
    """The spans acted on, with the names coordinated with one ("le blocage d'Allostreaming,
    Dpstream et Fifostream", "Openload and Streamango shut down"): they share its action."""
    groups = _groups(words, spans)
    acted: set[_Span] = set()
    for group in groups:
        if any(_headline_action(words, span, in_title) for span in group):
            acted.update(group)
    return acted


def _window(words: list[str]) -> list[str]:
    """`words` up to the first punctuation mark."""
    out = []
    for word in words:
        if word in ',;:.!?()«»"“”‘':
            break
        out.append(word)
    return out


def _title_spans(words: list[str], known: set[str]) -> list[_Span]:
    """Names in a Title Case headline, where capitals tell nothing: the word runs whose key
    the text names too, the longest first, and words that look like names by themselves."""
    spans, i = [], 0
    while i < len(words):
        for size in range(min(5, len(words) - i), 0, -1):
            run = words[i : i + size]
            if any(w in ',;:.!?()«»"“”‘' for w in run):
                continue
            key = name_key(" ".join(run))
            if key in known or (size == 1 and _looks_named(run[0])):
                spans.append(_Span(tuple(run), i, i + size))
                i += size
                break
        else:
            i += 1
    return spans


def _short_forms(parts: list[tuple[str, bool, list[str], list[_Span]]]) -> dict[str, str]:
    """Keys of short forms -> the key of the name they stand for in this text: initials
    ("TPB" for "The Pirate Bay", "ZT" for "Zone Téléchargement") and a headline's name without
    the number the body gives it ("Razorback" for "Razorback2")."""
    spans = [span for *_, spans in parts for span in spans]
    short = [s for s in spans if len(s.words) == 1 and s.words[0].isupper() and 1 < len(s.text) < 6]
    title_keys = {name_key(span.text) for span in parts[0][3]}
    if not short and not title_keys:
        return {}
    keys = {name_key(span.text) for *_, spans in parts[1:] for span in spans}
    aliases = {}
    for span in spans:
        if len(span.words) > 1:
            initials = "".join(w[0] for w in span.words if w[:1].isalpha()).upper()
            for form in short:
                if (form.text in (initials, initials[1:]) and fold(span.words[0]) in _ARTICLES) or (
                    form.text == initials and span.words[0][:1].isupper()
                ):
                    aliases[name_key(form.text)] = name_key(span.text)
    for key in title_keys - keys:
        longer = [k for k in keys if k.startswith(key) and k[len(key) :].isdigit()]
        if len(longer) == 1:
            aliases[key] = longer[0]
    return aliases


def _with_first_word(words: list[str], spans: list[_Span], known: set[str]) -> list[_Span]:
    """A headline's first word, common and so left out of the name, put back when the text
    names the longer form: "Pirate Bay resurfaces" is the body's "The Pirate Bay"."""
    first = spans[0]
    if first.start == 1:
        longer = _Span((words[0], *first.words), 0, first.end)
        if name_key(longer.text) in known:
            return [longer, *spans[1:]]
    return spans


def find_targets(title: str, text: str, exclude: frozenset[str] = frozenset()) -> list[Target]:
    """Names the title and text establish as targets, the strongest first.

    `exclude`: keys of names that are something else (registry rights holders, outlets)."""
    return list(_find_targets(title, text, exclude))


@lru_cache(maxsize=64)  # tagging asks again about the entry it just classified
def _find_targets(title: str, text: str, exclude: frozenset[str]) -> tuple[Target, ...]:
    found: dict[str, dict] = {}
    title_case = _title_case(title)
    body = []
    for sentence in sentences(text):
        words = _words(sentence)
        spans = _spans(words, False)
        if any(c.isdigit() or c == "-" for c in sentence):  # (most sentences: no lower name)
            spans = _lower_names(words, spans)
        body.append((sentence, False, words, spans))
    title_words = _words(title)
    if title_case:
        known = {name_key(span.text) for *_, spans in body for span in spans}
        title_spans = _title_spans(title_words, known)
    else:
        title_spans = _lower_names(title_words, _spans(title_words, False))
        if title_spans and title_words[0][:1].isupper():
            known = {name_key(span.text) for *_, spans in body for span in spans}
            title_spans = _with_first_word(title_words, title_spans, known)
    parts = [(title, True, title_words, title_spans), *body]
    aliases = _short_forms(parts)
    for number, (sentence, is_title, words, spans) in enumerate(parts):
        if not spans:
            continue
        # Whether the sentence reports an action: asked only of described names and domains.
        # A body sentence dated before the news ("police seized fs.to earlier in the week",
        # « le site avait déjà été fermé en 2012 ») recalls an action: no evidence of one.
        folded_sentence = fold(sentence)
        recalled = not is_title and bool(_DATED_BEFORE.search(folded_sentence))
        action_sentence = _LazyTest("" if recalled else folded_sentence)
        acted = set() if recalled else _coordinated_with_action(words, spans, is_title)
        # (the list test reads a few words before each name: only where a list cue is)
        listed = _listed(words, spans) if _LIST_CUE.search(folded_sentence) else set()
        # "the domains of X, Y and Z were seized": the group shares the first one's owner
        groups = _groups(words, spans)
        run_by = {span for group in groups if _run_by(words, group[0]) for span in group}
        # "les sites X et Y": coordinated names share the first one's descriptor
        # and "X, Y and Z, three streaming sites": the apposition after the last describes all
        described = {
            span
            for group in groups
            if _described(words, group[0])
            or (len(group) > 1 and _plural_apposition(words, group[-1]))
            for span in group
        }
        # The lead's names that are names by their form ("AppBucket", "Spider-TV"), with the
        # names listed beside one: what a headline about unnamed services is about.
        lead_named = (
            {
                span
                for group in groups
                if any(_looks_named(w) for member in group for w in member.words)
                for span in group
            }
            if number == 1
            else set()
        )
        for span in spans:
            key = name_key(span.text)
            key = aliases.get(key, key)
            # "The Pirate Bay is back": the article at a sentence start may be the name's
            if span.start == 1 and words[0] == "The" and len(span.words) > 1:
                found.setdefault(key, _new_record())["forms"].append((f"The {span.text}", False))
            if len(key) < 2 or key in exclude or _person(words, span) or _law(words, span):
                continue
            record = found.setdefault(key, _new_record())
            record["forms"].append((span.text, span.start > 0 or is_title))
            record["provider"] |= _provider(words, span)
            if is_title:
                record["title"] = True
            else:
                record["body"] += 1
            if span in listed and action_sentence.holds():
                record["evidence"] += LISTED
                record["why"].append("listed")
            elif recalled or _background(words, span):
                record["background_in_title"] |= is_title
                continue
            if span in described or _described(words, span):
                record["evidence"] += DESCRIBED_IN_TITLE if is_title else DESCRIBED
                # "X, the torrent tracker, has been taken offline"
                record["evidence"] += 1.0 if not is_title and action_sentence.holds() else 0.0
                record["why"].append("described")
            if span in run_by and action_sentence.holds():
                record["evidence"] += DESCRIBED + (0.0 if is_title else 1.0)
                record["why"].append("run by")
            domain = len(span.words) == 1 and _DOMAIN.match(span.words[0])
            if domain and action_sentence.holds():
                record["evidence"] += DOMAIN_IN_ACTION
                record["why"].append("domain in an action")
            if span in acted:
                record["evidence"] += TITLE_ACTION if is_title else ACTED_ON
                record["why"].append("headline action" if is_title else "acted on")
            if span in lead_named and not _RUNNER_AFTER.match(
                fold(" ".join(words[span.end : span.end + 4]))
            ):
                record["lead_named"] = True
            if number <= 2 and record["why"]:
                record["evidence"] += 0.5  # title and lead weigh more than the tail
    # "Le fondateur d'un site pirate interpellé" names no site: the service the body
    # describes is the one the headline acts on.
    folded_title = fold(title)
    title_service = bool(_DESCRIPTOR.search(folded_title)) and reports_action(folded_title)
    targets = []
    for key, record in found.items():
        if title_service and not record["title"] and "described" in record["why"]:
            record["evidence"] += HEADLINE_SERVICE
        # "FBI shuts three Android app stores" / "Applanet, AppBucket and SnappzMarket now
        # show a seizure banner": the headline's services, named by the lead
        if title_service and not record["title"] and record["lead_named"] and not record["why"]:
            record["evidence"] += LEAD_UNDER_HEADLINE
            record["why"].append("named by the lead of a headline action")
        evidence = record["evidence"] + (1.0 if record["title"] else 0.0)
        evidence += min(record["body"], 3) * 0.5
        if record["evidence"] < 2.0 or evidence < MIN_EVIDENCE or record["provider"]:
            continue
        # "After X, Y closes": the headline names X as a precedent, the body's evidence about
        # X (its admin's arrest, recalled) does not make it the news
        if record["background_in_title"] and "headline action" not in record["why"]:
            continue
        form = _best_form(record["forms"])
        # "Macmillan Learning", "Oxford University Press", "Capitol Records": a company's
        # name says what it is in its last word
        if len(form.split()) > 1 and fold(form.split()[-1]) in _ORGANISATION_AFTER:
            continue
        # "Operation Fastlink", « l'opération Chacal »: the police's name for the action
        if fold(form).split()[:1] in ([w] for w in _OPERATION):
            continue
        # "Cheltenham man held over TV link site", « Hongkong : premier pirate condamné »: a
        # city written alone is where the action happened, unless the text says what it is
        if "described" not in record["why"] and is_place(form):
            continue
        # An acronym ("DMCA", "EU") is a target only when the text says what it is or the
        # headline acts on it ("RARBG shuts down").
        if re.fullmatch(r"[A-Z]{2,}s", form):
            continue  # "ISPs", "URLs", "DVDs": things, not names
        # (three letters or fewer acted on are most often an enforcer or a place: ACE, NZ)
        acted = "described" in record["why"] or (
            "headline action" in record["why"] and len(form) >= 4
        )
        if form.isupper() and form.isalpha() and not acted:
            continue
        # A plain word in the headline only ("Tribune", "Exclusive") is a rubric, not a name.
        if not record["body"] and len(form.split()) == 1 and form[1:].islower():
            continue
        # A name only in the body, said once, is too little to call it a target.
        if not record["title"] and record["body"] < 2 and record["evidence"] < 3.5:
            continue
        targets.append(
            Target(_best_form(record["forms"]), key, evidence, record["title"],
                   tuple(dict.fromkeys(record["why"])))
        )  # fmt: skip
    return tuple(sorted((t for t in targets if t.name), key=lambda t: (-t.in_title, -t.evidence)))


def reports_action(folded: str) -> bool:
    """An action word not made a possibility by the words before it: "was shut down", not
    "could face a lawsuit", « permettrait de bloquer »."""
    for match in _ACTION.finditer(folded):
        start = match.start()
        if not _HYPOTHETICAL.search(folded, max(0, start - POSSIBILITY_REACH), start):
            return True
    return False


class _LazyTest:
    """Whether a sentence reports an action, asked the first time it is needed."""

    def __init__(self, text: str) -> None:
        self._text, self._result = text, None

    def holds(self) -> bool:
        if self._result is None:
            self._result = reports_action(self._text)
        return self._result


def _new_record() -> dict:
    return {
        "forms": [], "evidence": 0.0, "title": False, "body": 0, "why": [],
        "background_in_title": False, "lead_named": False, "provider": False,
    }  # fmt: skip


# What an internet provider is called: suits against ISPs over their subscribers' piracy and
# the ISPs a blocking order names are news about the sites' users and the order, not targets.
_PROVIDER = re.compile(
    r"(?<![a-z])(?:isps?|internet (?:service )?providers?|broadband (?:providers?|companies|"
    r"company)|(?:cable|telecoms?|internet) (?:companies|company|operators?|giant|firm)|"
    r"fournisseurs? d acces(?: a internet)?|fai|operateurs? (?:telecoms?|internet|telephoniques?)|"
    r"cablo operateurs?|telcos?)(?![a-z])"
)
# ("l'opérateur Free", "the carrier Verizon": the word alone, right before the name)
_PROVIDER_BEFORE = frozenset(("operateur", "operateurs", "carrier", "carriers"))


def _provider(words: list[str], span: _Span) -> bool:
    """The text calls the name an internet provider: "the ISP Cox", « le fournisseur d'accès
    Free », "iiNet, Australia's third-largest internet provider"."""
    before = [fold(w) for w in words[max(0, span.start - 4) : span.start]]
    if before[-1:] and before[-1] in _PROVIDER_BEFORE:
        return True
    joined = " ".join(before[-3:])
    described = [m for m in _PROVIDER.finditer(joined) if m.end() == len(joined)]
    if described and not any(w in ",;:.!?()" for w in before[-2:]):
        return True  # right before the name: "the ISP Cox", not "ISPs block X"
    after = words[span.end : span.end + 8]
    if after[:1] != [","]:
        return False
    tail = []
    for word in after[1:]:
        if word in ",;:.!?()":
            break
        tail.append(word)
    return bool(_PROVIDER.search(fold(" ".join(tail))))


def _title_case(title: str) -> bool:
    """A headline in Title Case ("Police Shut Down France's Largest Torrent Site")."""
    words = [w for w in re.findall(r"[A-Za-zÀ-ÿ]+", title) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.75 * len(words)


def _best_form(forms: list[tuple[str, bool]]) -> str:
    """The form to file a name under: a name rather than a domain, the one written inside
    sentences, with its article ("The Pirate Bay"), the most frequent."""
    names = [f for f in forms if not _DOMAIN.match(f[0])] or forms
    counts: dict[str, float] = {}
    for text, inside in names:
        counts[text] = counts.get(text, 0.0) + (1.0 if inside else 0.6)
    with_article = {t for t in counts if fold(t).split()[0] in _ARTICLES}
    return max(counts, key=lambda t: (t in with_article, counts[t], len(t)))
