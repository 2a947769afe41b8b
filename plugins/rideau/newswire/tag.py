"""Stage 6, tag: sites (targets only), studios (rights holders acting) and outcomes.

Names come from the registry (canonical names and aliases, accent- and case-insensitive);
domain-like names the text says were shut down are proposed for the registry.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from rideau.newswire.lexicon import (
    DISTANT_PAST_CUES,
    ENFORCERS,
    HYPOTHETICAL_CUES,
    MENTION_CUES,
    NEGATION_MORE,
    OUTCOME_FALSE_FRIENDS_AFTER,
    OUTCOME_PATTERNS,
    OUTCOME_PATTERNS_MORE,
    PAST_SENTENCE_CUES,
    PENALTY_CUES,
    PIRACY_CONTEXT,
    RECAP_AFTER,
    RECAP_AFTER_MORE,
    RECAP_BEFORE,
    REQUEST_CUES,
    STUDIO_ACTION_CUES,
    STUDIO_VICTIM_CUES,
)
from rideau.newswire.matching import NameFinder, NameHit, compile_terms, compile_terms_by_letter
from rideau.newswire.parties import acting_parties, ordinary_name, place_words
from rideau.newswire.records import CleanEntry, Tags
from rideau.newswire.targets import (
    Target,
    find_targets,
    name_key,
    named_as_a_model,
    reports_action,
    word_list,
)
from rideau.newswire.text import fold, sentences, tokens
from rideau.registry import Registry
from rideau.storyfile.vocabulary import OUTCOME_IDS

# At most this many sites are one item's targets (a blocking order names a few), and this
# many when the registry's sites are named together in the sentence of an action.
MAX_TARGETS = 3
MAX_LISTED_TARGETS = 6
# An unknown name with this share of the first target's evidence is a target too.
STRONG = 0.6
# Evidence that a name is a service, whatever else the text reads it as.
_SITE_EVIDENCE = frozenset(("described", "run by", "domain in an action"))
# A domain name standing for a site ("zone-telechargement.ws", "t411.me").
MAX_NAME_LENGTH = 80
DOMAIN = re.compile(
    r"(?<![\w.@/-])((?:[a-z0-9][a-z0-9-]{1,62}\.)+(?:com|net|org|fr|to|tv|me|io|ws|cc|info|eu|ru|"
    r"se|ag|is|li|ch|sx|la|gg|so|cx|nu|am|lu|pw|xyz|site|biz|in|co|tf|al|al|vip|cm|ac|ph|st|"
    r"lol|club|one|top|live|watch|movie|stream|zone|tk|ml|ga|cf|gq|be|de|uk|nl|es|it))(?![\w-])",
    re.IGNORECASE,
)


def _listed_target(target: Target) -> bool:
    """A name given among an action's targets ("seized seven sites, including X, Y and Z"): a
    target in its own right, however often the text names the first."""
    return "listed" in target.reasons


@dataclass(frozen=True)
class Tagger:
    registry: Registry
    sites: NameFinder = field(init=False)
    studios: NameFinder = field(init=False)
    not_sites: frozenset[str] = field(init=False)
    exact_forms: dict[str, re.Pattern[str]] = field(init=False)
    studio_first_words: frozenset[str] = field(init=False)
    studio_words: frozenset[str] = field(init=False)
    short_forms: dict[str, tuple[tuple[str, str], ...]] = field(init=False)
    site_keys: dict[str, str] = field(init=False)  # name key of a site's name -> its name

    def __post_init__(self) -> None:
        object.__setattr__(self, "sites", NameFinder(self.registry, "sites"))
        object.__setattr__(self, "studios", NameFinder(self.registry, "studios"))
        # Rights holders and outlets are named in the same sentences as targets, never as one.
        not_sites = frozenset(
            name_key(name) for taxonomy in ("studios", "outlets")
            for entry in self.registry.entries(taxonomy) for name in (entry.name, *entry.aliases)
        )  # fmt: skip
        object.__setattr__(self, "not_sites", not_sites)
        # "TVA" of Groupe TVA, "Blizzard" of Activision Blizzard: a word of a rights holder's
        # name written alone is the rights holder (no site of the registry or of the labelled
        # corpora is such a word)
        studio_words = frozenset(
            name_key(word) for entry in self.registry.entries("studios")
            for name in (entry.name, *entry.aliases) if len(name.split()) > 1
            for word in name.split() if len(word) > 2
        ) - frozenset(
            name_key(name) for entry in self.registry.entries("sites")
            for name in (entry.name, *entry.aliases)
        )  # fmt: skip
        object.__setattr__(self, "studio_words", studio_words)
        object.__setattr__(self, "exact_forms", _exact_forms(self.registry))
        first_words = frozenset(
            fold(name).split()[0] for entry in self.registry.entries("studios")
            for name in (entry.name, *entry.aliases) if len(name.split()) > 1
        )  # fmt: skip
        object.__setattr__(self, "studio_first_words", first_words)
        object.__setattr__(self, "short_forms", _short_forms(self.registry))
        # (with the sites a run established added, corroborate.py, the run's form of a name
        # wins: it is how the other entries write it)
        site_keys = {
            name_key(name): entry.name
            for entry in self.registry.entries("sites") for name in (entry.name, *entry.aliases)
        }  # fmt: skip
        site_keys.pop("", None)
        object.__setattr__(self, "site_keys", site_keys)

    def count_named_sites(self, clean: CleanEntry, unknown: list[str] | None = None) -> int:
        """Registry names and unknown site names in the entry (for the relevance score)."""
        if unknown is None:
            unknown = self.unknown_sites(clean)
        known = len(self.sites.find(tokens(clean.all_text)))
        # The registry lists piracy sites only, so naming one is context enough; a name only
        # the text gives ("Kyoto Animation closes its office") needs enforcement around it.
        if not known and not CONTEXT.search(fold(clean.all_text)):
            return 0
        return known + len(unknown)

    def unknown_sites(self, clean: CleanEntry) -> list[str]:
        """Site names absent from the registry that the text establishes as targets (see
        targets.py), the strongest first: those in the headline, then by evidence."""
        words = tokens(clean.all_text)
        # Words of registry names found here: "Bay" out of "The Pirate Bay" is not a new site.
        taken = {
            w for finder in (self.sites, self.studios) for h in finder.find(words)
            for w in words[h.start : h.end]
        }  # fmt: skip
        names = []
        # Those who acted against the site are not the site ("… face à Warner Bros.").
        parties = {name_key(p) for p in acting_parties(clean.title, clean.text)}
        for target in find_targets(clean.title, clean.text, self.not_sites):
            # a party read in a list ("a complaint by X, Y…") is still a site when the text
            # says what it is or that its operators were acted on
            if target.key in parties and not _SITE_EVIDENCE.intersection(target.reasons):
                continue
            one_word = " " not in target.name and "." not in target.name  # (not a domain)
            if one_word and target.key in self.studio_words:
                continue
            folded = " ".join(tokens(target.name))
            if not folded or len(target.name) > MAX_NAME_LENGTH or set(folded.split()) & taken:
                continue
            if self.sites.names_in(target.name) or self.studios.names_in(target.name):
                continue
            names.append(target.name)
        return _unique(names)

    def tag(self, clean: CleanEntry, unknown: list[str] | None = None) -> Tags:
        """`unknown`: the entry's unknown site names, when the caller already has them."""
        sites, mentioned, from_title = self._target_sites(clean)
        if unknown is None:
            unknown = self.unknown_sites(clean)
        proposed = tuple(name for name in unknown if name not in sites)
        title_key = "".join(tokens(clean.title))
        headline = [n for n in proposed if name_key(n) and name_key(n) in title_key]
        if headline and not from_title:
            # The headline's subject wins over registry names read only in the body or
            # named there as a precedent ("After Megaupload, FileSonic…").
            sites = headline[:MAX_TARGETS] + self._listed_beside(clean, headline, proposed)
        elif proposed and (not sites or self._only_unknown_acted_on(clean, sites, proposed)):
            sites = self._as_strong(clean, proposed)
        # "Liberty Land" is the registry's Libertyland: a form its finder, word by word, misses
        # (the form stays among the proposed names: other entries that write it so are read
        # again with it, corroborate.py)
        sites = list(dict.fromkeys(self.site_keys.get(name_key(s), s) for s in sites))
        return Tags(
            sites=tuple(sites),
            studios=tuple(self._acting_studios(clean)),
            outcomes=tuple(outcomes_of(clean, tuple(sites))),
            proposed_sites=proposed,
            mentioned_sites=tuple(m for m in mentioned if m not in sites),
            headline_outcomes=headline_outcomes(clean.title),
        )

    def _listed_beside(
        self, clean: CleanEntry, headline: list[str], proposed: tuple[str, ...]
    ) -> list[str]:
        """The other names an action's list gives with the headline's ("Police seize Zapbox":
        "seven sites, including Zapbox, Kwikstream and Veltrix")."""
        targets = {t.name: t for t in find_targets(clean.title, clean.text, self.not_sites)}
        listed = {n for n in proposed if n in targets and _listed_target(targets[n])}
        if not listed.intersection(headline):
            return []  # the headline's site is not one of a list: its action is its own
        room = MAX_LISTED_TARGETS - len(headline[:MAX_TARGETS])
        return [n for n in proposed if n in listed and n not in headline][:room]

    def _as_strong(self, clean: CleanEntry, proposed: tuple[str, ...]) -> list[str]:
        """The first proposed name and those the text gives about as much evidence for:
        "publishers shut down X and Y" has two targets."""
        targets = {t.name: t for t in find_targets(clean.title, clean.text, self.not_sites)}
        best = targets[proposed[0]].evidence if proposed[0] in targets else 0.0
        strong = [
            n
            for n in proposed[1:]
            if best
            and n in targets
            and (targets[n].evidence >= STRONG * best or _listed_target(targets[n]))
        ]
        # "police seized seven sites, including X, Y, Z, W and V": one action's list, in full
        listed = [n for n in strong[MAX_TARGETS - 1 :] if _listed_target(targets[n])]
        return [proposed[0], *strong[: MAX_TARGETS - 1], *listed][:MAX_LISTED_TARGETS]

    def _only_unknown_acted_on(
        self, clean: CleanEntry, known: list[str], proposed: tuple[str, ...]
    ) -> bool:
        """True when the text gives evidence for an unknown site and none for the registry
        sites it names only in the body: "Warner's letter ended Allostream, a community site;
        its links led to Megavideo" is about Allostream."""
        keys = {t.key for t in find_targets(clean.title, clean.text, self.not_sites)}
        return name_key(proposed[0]) in keys and not any(
            name_key(n) in keys
            for entry in map(lambda n: self.registry.lookup("sites", n), known)
            if entry is not None
            for n in (entry.name, *entry.aliases)
        )

    def _target_sites(self, clean: CleanEntry) -> tuple[list[str], list[str], bool]:
        """Sites named in the title are targets; otherwise the most-named site of the text,
        unless every mention reads as background (a host, a precedent). Also the sites
        mentioned, and whether the targets are the headline's own (not background there)."""
        in_title, from_title = self._title_targets(clean.title)
        counts: Counter[str] = Counter()
        background: Counter[str] = Counter()
        acted_together: list[str] = []  # "ISPs must block The Pirate Bay, Torrentz and isoHunt"
        for sentence in sentences(clean.text):
            words = tokens(sentence)
            folded = " ".join(words)
            named = []
            for hit in self.sites.find(words):
                counts[hit.canonical] += 1
                before = " ".join(words[max(0, hit.start - 4) : hit.start])
                if (
                    MENTION.search(before)
                    or _in_list_after_cue(folded, words, hit.start)
                    or _as_a_model(words, hit.start, hit.end)
                ):
                    background[hit.canonical] += 1
                else:
                    named.append(hit.canonical)
            if len(set(named)) >= 2 and reports_action(folded):
                acted_together.extend(named)
        mentioned = list(counts)
        if in_title and from_title:
            return in_title, mentioned, True
        foreground = {
            name: n - background[name] for name, n in counts.items() if n > background[name]
        }
        if not foreground:
            return in_title, mentioned, False
        best = max(foreground.values())
        chosen = in_title or [name for name in counts if foreground.get(name) == best][:1]
        # one action against several sites names them together: all are its targets
        if chosen and chosen[0] in acted_together:
            chosen = list(dict.fromkeys((*chosen, *acted_together)))[:MAX_LISTED_TARGETS]
        return chosen, mentioned, False

    def _title_targets(self, title: str) -> tuple[list[str], bool]:
        """Sites named in the title, less those named as a precedent ("After X, Y closes");
        all of them, and False, when every one is named as a precedent."""
        words = tokens(title)
        hits = self.sites.find(words)
        targets = []
        previous_end = 0
        for hit in hits:
            before = " ".join(words[max(previous_end, hit.start - 3) : hit.start])
            if not TITLE_BACKGROUND.search(before) and not _as_a_model(words, hit.start, hit.end):
                targets.append(hit.canonical)
            previous_end = hit.end
        return _unique(targets or [hit.canonical for hit in hits]), bool(targets)

    def _acting_studios(self, clean: CleanEntry) -> list[str]:
        """Registry rights holders named where they act, then those the text names as
        plaintiffs, complainants or senders (parties.py), known or not."""
        acting = []
        kinds: list[str] = []  # the text's industry, read once and only if a short form needs it

        def kind() -> str:
            if not kinds:
                kinds.append(_industry(clean.all_text))
            return kinds[0]

        for sentence in [clean.title, *sentences(clean.text)]:
            words = tokens(sentence)
            folded = " ".join(words)
            hits = self.studios.find(words)
            short = [m for m in _SHORT_FORM.finditer(sentence) if m.group() in self.short_forms]
            if not hits and not short:
                continue  # most sentences name no rights holder: no cue to read
            if STUDIO_VICTIM.search(folded) or not STUDIO_ACTION.search(folded):
                continue
            # "after Ludoplex sued two other sites": an action against someone else; « sans
            # avoir reçu la moindre assignation »: no action at all
            if OTHER_TARGETS.search(folded) or NO_ACTION.search(folded):
                continue
            for hit in hits:
                # "ACE, whose members include Netflix and Canal+": members do not act here.
                if MEMBERSHIP.search(" ".join(words[max(0, hit.start - 12) : hit.start])):
                    continue
                # "more traffic than Hulu or HBO Go": a comparison, not an actor
                if COMPARISON.search(" ".join(words[max(0, hit.start - 4) : hit.start])):
                    continue
                if self._written_as_itself(hit, sentence):
                    acting.append(hit.canonical)
            if short and kind():
                taken = {w for h in hits for w in words[h.start : h.end]}
                for match in short:
                    before = fold(sentence[: match.start()]).split()
                    if fold(match.group()) in taken or MEMBERSHIP.search(" ".join(before[-12:])):
                        continue
                    if not COMPARISON.search(" ".join(before[-4:])):
                        acting.extend(self._short_form(match.group(), kind()))
        for party in acting_parties(clean.title, clean.text, ordinary=True):
            known = self.studios.find(tokens(party))
            if known:
                acting.extend(h.canonical for h in known if self._written_as_itself(h, party))
            elif party in self.short_forms and kind() and self._short_form(party, kind()):
                acting.extend(self._short_form(party, kind()))
            elif not ordinary_name(party) and self._unknown_party(party):
                acting.append(party)
        return _unique(acting)

    def _short_form(self, word: str, kind: str) -> list[str]:
        """The registry rights holder a one-word short form stands for in a text about one
        industry: "Universal" is Universal Pictures beside films, Universal Music Group
        beside records; [] when the industry leaves more than one (or none)."""
        candidates = [name for name, k in self.short_forms.get(word, ()) if k == kind]
        # A country branch ("Universal Music France") gives way to the company.
        places = place_words()
        companies = [n for n in candidates if fold(n.split()[-1]) not in places] or candidates
        # Only an entry whose own name holds the word ("Universal Pictures"), not one whose
        # alias does ("NBC Universal" for NBCUniversal).
        companies = [n for n in companies if word in n.split()]
        return companies if len(companies) == 1 else []

    def _unknown_party(self, party: str) -> bool:
        """A name the registry does not hold that may stand for a rights holder: not a site
        nor an outlet, nor the short form of several ("la Warner": Warner Bros. or Warner
        Music?)."""
        if name_key(party) in self.not_sites or self.sites.names_in(party):
            return False
        return len(party.split()) > 1 or fold(party) not in self.studio_first_words

    def _written_as_itself(self, hit: NameHit, text: str) -> bool:
        """A name read from one word that is also an ordinary word or a surname ("ACE",
        "API", "Alpa", "Rogers", "Wiley") counts only as the registry writes it, case
        included, and not after a first name ("Kenny Rogers")."""
        forms = self.exact_forms.get(hit.canonical)
        if forms is None or hit.end - hit.start > 1:
            return True
        return any(
            m.group().isupper() or not _after_first_name(text, m.start())
            for m in forms.finditer(text)
        )


MENTION = compile_terms(MENTION_CUES)
# What places a text among enforcement news: piracy words, enforcers, and the outcomes only
# enforcement has (a closure or a comeback happens to anything).
CONTEXT = compile_terms(
    (*PIRACY_CONTEXT, *ENFORCERS,
     *(p for o, ps in OUTCOME_PATTERNS.items() if o not in ("shutdown", "relaunch") for p in ps))
)  # fmt: skip
TITLE_BACKGROUND = compile_terms(
    (r"apres", r"after", r"effet", r"following", r"like", r"comme", r"since", r"depuis", r"wake of",
     r"post", r"a l image de", r"sur les traces de", r"in the footsteps of", r"vs", r"contre")
)  # fmt: skip
STUDIO_ACTION = compile_terms(STUDIO_ACTION_CUES)
STUDIO_VICTIM = compile_terms(STUDIO_VICTIM_CUES)
MEMBERSHIP = compile_terms(
    (r"reuni\w*", r"regroup\w*", r"dont", r"notamment", r"including", r"includes?",
     r"particip\w*", r"auquel", r"federe\w*", r"backed by", r"soutenu\w* par",
     r"members?", r"membres?", r"such as", r"comme", r"among them", r"parmi lesquels")
)  # fmt: skip
OTHER_TARGETS = compile_terms(
    (r"(contre|against|vise\w*|targeted|sued|poursuivi\w*) (deux |two |trois |three |plusieurs |"
     r"several |d )?(autres?|other|others)",)
)  # fmt: skip
NO_ACTION = compile_terms(
    (r"(sans|without|aucune?|no|not|never|jamais|la moindre|any|ni) (\w+ ){0,3}?(plainte|"
     r"assignation|poursuites?|complaint|lawsuit|suit|notice|mise en demeure)",
     r"no one has (sued|complained)", r"n a (jamais )?(ete )?(poursuivi|assigne|vise)")
)  # fmt: skip
COMPARISON = compile_terms(
    (r"than", r"plus que", r"moins que", r"like", r"comme", r"such as", r"tels? que", r"unlike",
     r"versus", r"vs", r"compared to", r"rivals?", r"concurrents?", r"rather than")
)  # fmt: skip
NEGATION = compile_terms(
    (r"sans", r"without", r"no", r"aucune?", r"pas de", r"ni", r"never", r"jamais", r"not",
     *NEGATION_MORE)
)  # fmt: skip
HYPOTHETICAL = compile_terms(HYPOTHETICAL_CUES)
# A request ends right before the outcome asked for: "ask the court to block" (anchored, so
# that "asked to pay, the site was then blocked" still tells the blocking).
REQUESTED = re.compile(
    r"(?<![a-z0-9])(?:" + "|".join(REQUEST_CUES) + r") (?:(?:l|la|le|les|du|des|the) )?$"
)
# Developments that come after the others: a sentence telling one recalls the rest.
LATER_DEVELOPMENTS = ("relaunch", "conviction", "acquittal")
# Words before an outcome word that give it another sense: « prison ferme » (not closed).
FALSE_FRIENDS = {
    # "of its own accord": by itself, no settlement
    "settlement": compile_terms((r"(its|his|their|her) own",)),
    "shutdown": compile_terms(
        (r"prison", r"emprisonnement", r"sursis",
         r"dont (un|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze|\d+)( mois| ans)?")
    )
}  # fmt: skip
PENALTY = compile_terms(PENALTY_CUES)
_PAST_CLAUSE = re.compile(
    r"(?<![a-z0-9])(?:after|apres|since|following|depuis|suite a|in the wake of)(?![a-z0-9])"
    r"[^,;:.!?]*"
)
_DISTANT_PAST = compile_terms(DISTANT_PAST_CUES)
_CLAUSE_END = re.compile(r"[,;:.!?]")
RECAP = re.compile(
    r"(?:\w+ ){0,2}(?:" + "|".join((*RECAP_AFTER, *RECAP_AFTER_MORE)) + r")(?![a-z0-9])"
)
PAST_CUE = compile_terms(
    (r"apres", r"after", r"since", r"following", r"depuis", r"des la", r"wake of",
     r"dans la foulee de", r"suite a")
)  # fmt: skip
# Sentences that tell the past: "in 2006", "two years earlier", "previously".
BACKGROUND_SENTENCE = compile_terms(PAST_SENTENCE_CUES)
# The outcome tagger reads the contract's vocabulary and its further phrasings.
_ALL_OUTCOME_PATTERNS = {
    outcome: (*patterns, *OUTCOME_PATTERNS_MORE.get(outcome, ()))
    for outcome, patterns in OUTCOME_PATTERNS.items()
}
_OUTCOME_MATCHERS = {
    outcome: compile_terms_by_letter(p) for outcome, p in _ALL_OUTCOME_PATTERNS.items()
}
_ANY_OUTCOME = compile_terms_by_letter(
    p for patterns in _ALL_OUTCOME_PATTERNS.values() for p in patterns
)
_FALSE_FRIENDS_AFTER = {
    outcome: re.compile(r" (?:" + "|".join(patterns) + r")(?![a-z0-9])")
    for outcome, patterns in OUTCOME_FALSE_FRIENDS_AFTER.items()
}
_SHUT = compile_terms(
    OUTCOME_PATTERNS["shutdown"] + OUTCOME_PATTERNS["seizure"] + OUTCOME_PATTERNS["blocking"]
)


# Words of a rights holder's name that say what it is, not which one it is.
_GENERIC_NAME_WORDS = frozenset(
    ("century", "twentieth", "20th", "bros", "bros.", "walt", "the", "of", "de", "du", "des",
     "and", "et", "&", "group", "groupe", "music", "musique", "pictures", "studios", "studio",
     "entertainment", "records", "films", "film", "media", "international", "home", "video",
     "interactive", "global", "corporation", "press", "publishing", "books", "games",
     "television", "networks", "network", "association", "industry", "industries")
)  # fmt: skip
_SHORT_FORM = re.compile(r"(?<![\w’'-])[A-Z][a-z]{2,}(?![\w’'-])")
# What industry a text is about, for short forms: kind of registry entry -> its words.
_INDUSTRY_WORDS = {
    "studio": compile_terms(
        (r"films?", r"movies?", r"cinema", r"studios?", r"hollywood", r"series", r"pictures")
    ),
    "label": compile_terms(
        (r"music", r"musique", r"labels?", r"maisons? de disques?", r"record (label|compan\w+|"
         r"industry)", r"songs?", r"chansons?", r"albums?", r"mp3", r"phonograph\w*")
    ),
    "publisher": compile_terms(
        (r"publishers?", r"editeurs?", r"books?", r"livres?", r"e ?books?", r"mangas?",
         r"video ?games?", r"jeux video")
    ),
}  # fmt: skip


def _short_forms(registry: Registry) -> dict[str, tuple[tuple[str, str], ...]]:
    """One capitalised word of a rights holder's longer name ("Universal", "Fox",
    "Paramount") -> (canonical name, kind) of every entry whose names hold it; not the words
    that say what a holder is ("Pictures", "Music") nor ordinary words or places. Only names
    of two words, or ending with the word ("20th Century Fox"), are shortened so: "Warner"
    is not read as "Warner Bros. Discovery"."""
    common, proper = word_list("common_words.txt"), word_list("proper_words.txt")
    forms: dict[str, list[tuple[str, str]]] = {}
    for entry in registry.entries("studios"):
        for name in (entry.name, *entry.aliases):
            words = name.split()
            if len(words) < 2:
                continue
            for word in words if len(words) == 2 else words[-1:]:
                key = fold(word)
                if (
                    _SHORT_FORM.fullmatch(word)
                    and key not in _GENERIC_NAME_WORDS
                    and key not in common
                    and key not in proper
                    and (entry.name, entry.kind) not in forms.get(word, ())
                ):
                    forms.setdefault(word, []).append((entry.name, entry.kind))
    return {word: tuple(entries) for word, entries in forms.items()}


def _industry(text: str) -> str:
    """The kind of rights holder a text is about ("studio", "label", "publisher"): the one
    whose words it uses most, "" when none leads."""
    folded = fold(text)
    counts = sorted(
        ((len(pattern.findall(folded)), kind) for kind, pattern in _INDUSTRY_WORDS.items()),
        reverse=True,
    )
    return counts[0][1] if counts[0][0] > counts[1][0] else ""


def _exact_forms(registry: Registry) -> dict[str, re.Pattern[str]]:
    """Rights holders with one-word forms ("ACE", "Alpa", "Rogers"): canonical name -> a
    case-sensitive pattern of those forms as the registry writes them."""
    patterns = {}
    for entry in registry.entries("studios"):
        forms = [f for f in (entry.name, *entry.aliases) if len(f.split()) == 1]
        if forms:
            alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
            patterns[entry.name] = re.compile(rf"(?<![\w’'-])(?:{alternatives})(?![\w’'-])")
    return patterns


def _after_first_name(text: str, start: int) -> bool:
    """True for "Kenny Rogers": a capitalised word, not a common one, right before."""
    previous = text[:start].rstrip().rsplit(None, 1)[-1:] or [""]
    word = previous[0]
    return (
        len(word) > 1 and word[0].isupper() and word[1:].isalpha() and word[1:].islower()
        and fold(word) not in word_list("common_words.txt")
        and fold(word) not in word_list("proper_words.txt")
    )  # fmt: skip


def _as_a_model(words: list[str], start: int, end: int) -> bool:
    """« Aurous, le Popcorn Time de la musique »: the registry name is what the target is
    likened to."""
    return start > 0 and end < len(words) and named_as_a_model(words[start - 1], words[end])


def _in_list_after_cue(folded: str, words: list[str], start: int) -> bool:
    """True for "hosted on Megavideo, Megaupload or VideoBB": a cue before the list."""
    window = " ".join(words[max(0, start - 10) : start])
    return bool(
        re.search(
            r"(heberge\w* (sur|chez)|hosted (on|by)|stock\w* (sur|chez)|liens? vers|links? to)",
            window,
        )
    )


def headline_outcomes(title: str) -> tuple[str, ...]:
    """The outcomes a headline states, but those it asks for, fears or denies ("Publishers
    ask court to block X" states a suit, not a blocking): what clustering tells two
    developments apart by."""
    folded = fold(title)
    return tuple(
        outcome
        for outcome in OUTCOME_IDS
        if any(
            not _asked_or_feared(folded[max(0, m.start() - 30) : m.start()])
            for m in _OUTCOME_MATCHERS[outcome].finditer(folded)
        )
    )


def _asked_or_feared(before: str) -> bool:
    """Whether the words `before` an outcome make it a request, a possibility or a threat."""
    return bool(HYPOTHETICAL.search(before[-22:]) or REQUESTED.search(before))


def outcomes_of(clean: CleanEntry, targets: tuple[str, ...] = ()) -> list[str]:
    """Outcomes the entry reports about its targets.

    The title counts most; then the opening sentences and those naming a target; other
    sentences count little, since they tell the background (an earlier raid, another site).
    A negated outcome ("without any notice") or one placed in the past ("after the raid")
    does not count.
    """
    target_words = {" ".join(tokens(t)) for t in targets}
    scored = {outcome: 0.0 for outcome in OUTCOME_IDS}
    parts = [(fold(clean.title), 3.0)]
    for number, sentence in enumerate(sentences(clean.text)):
        names_target = bool(target_words) and _names_any(sentence, target_words)
        weight = 2.0 if number < 2 or names_target else 0.5
        folded = fold(sentence)
        if not names_target and _REFERS_BACK.search(folded):
            # "les enquêteurs ont saisi son matériel", "its servers were seized": the
            # target, or its operator, told again without its name
            weight = 2.0
        if _tells_the_past(folded):
            weight = 0.0 if not names_target else 0.5
        parts.append((folded, weight))
    for number, (folded_text, weight) in enumerate(parts):
        if not weight:
            continue
        if not _ANY_OUTCOME.search(folded_text):  # most sentences: no outcome word at all
            continue
        recalled = _recalled_clauses(folded_text)
        for outcome in OUTCOME_IDS:
            for match in _OUTCOME_MATCHERS[outcome].finditer(folded_text):
                if any(start <= match.start() < end for start, end in recalled):
                    continue
                before = folded_text[max(0, match.start() - 30) : match.start()]
                # In a title, "closes after a notice" tells the story itself.
                in_past = number > 0 and PAST_CUE.search(before[-15:])
                # "the site, seized in 2022, is back": a recap of an earlier development
                recap = RECAP.match(folded_text, match.end() + 1, match.end() + 25)
                dated = before.rsplit(None, 1)[-1:] in ([w] for w in RECAP_BEFORE)
                if NEGATION.search(before) or in_past or recap or (number > 0 and dated):
                    continue
                if _asked_or_feared(before):
                    continue
                false_friend = FALSE_FRIENDS.get(outcome)
                if false_friend and false_friend.search(before[-20:]):
                    continue
                if outcome == "conviction" and PENALTY.search(before):
                    continue
                after = _FALSE_FRIENDS_AFTER.get(outcome)
                if after and after.match(folded_text, match.end(), match.end() + 90):
                    continue
                # "Morpheus et Grokster gagnent contre les majors": the target won its case
                if (
                    outcome == "conviction"
                    and _WON.match(match.group())
                    and any(
                        t and t in folded_text[max(0, match.start() - 60) : match.start()]
                        for t in target_words
                    )
                ):
                    scored["acquittal"] += weight
                    continue
                scored[outcome] += weight
    found = [o for o in OUTCOME_IDS if scored[o] >= 2.0]
    return implied_away(found)


# The winning party's verbs among the conviction phrasings ("X wins its case against",
# « gagne contre »): a court found for whoever wins.
_WON = re.compile(r"gagn|wins?\b|won\b|prevail|court win|l emporte")
_REFERS_BACK = re.compile(
    r"(?<![a-z])(?:le site|the site|the service|le service|la plateforme|the platform|"
    r"l application|the app|son|sa|ses|its|leurs?|their)(?![a-z])"
)


def _tells_the_past(folded: str) -> bool:
    """Whether a sentence tells the background: a date or the pluperfect, outside the recaps
    that date one outcome only ("a streaming site closed in 2015 remains guilty" tells the
    ruling; its "closed in 2015" is the recap, which the outcome reading leaves out)."""
    if not BACKGROUND_SENTENCE.search(folded):
        return False
    if not _ANY_OUTCOME.search(folded):
        return True
    spans = [
        (match.start(), recap.end())
        for match in _ANY_OUTCOME.finditer(folded)
        if (recap := RECAP.match(folded, match.end() + 1, match.end() + 25))
    ]
    if not spans:
        return True
    rest, position = [], 0
    for start, end in spans:
        rest.append(folded[position:start])
        position = max(position, end)
    rest.append(folded[position:])
    return bool(BACKGROUND_SENTENCE.search(" ; ".join(rest)))


def _recalled_clauses(folded_text: str) -> list[tuple[int, int]]:
    """The "after…" clauses of a sentence that reports a later development (a comeback, a
    ruling): "Seven weeks after a police raid took it offline, the site has returned" tells
    the raid as a recap. (Elsewhere "closed after a raid" tells the news, cause included.)
    A clause dated by a duration ("a month after seeking protection from lawsuits") is a
    recap in any sentence."""
    distant_spans = []
    if (
        "apres" in folded_text
        or "after" in folded_text
        or "since" in folded_text
        or ("depuis" in folded_text)
    ):
        for m in _DISTANT_PAST.finditer(folded_text):
            end = _CLAUSE_END.search(folded_text, m.end())
            distant_spans.append((m.start(), end.start() if end else len(folded_text)))
    clauses = [m.span() for m in _PAST_CLAUSE.finditer(folded_text)]
    if not clauses:
        return distant_spans
    for outcome in LATER_DEVELOPMENTS:
        for match in _OUTCOME_MATCHERS[outcome].finditer(folded_text):
            if not any(start <= match.start() < end for start, end in clauses):
                return clauses + distant_spans
    return distant_spans


def _names_any(sentence: str, target_words: set[str]) -> bool:
    folded_sentence = " ".join(tokens(sentence))
    return any(t and t in folded_sentence for t in target_words)


def implied_away(outcomes: list[str]) -> list[str]:
    """Arrests, rulings and settlements already say that proceedings exist: "lawsuit" is kept
    for proceedings without them (the vocabulary's convention). A settlement ends the case
    without a court finding against the operators: the judgment a settlement is entered as
    ("agreed to a $12 million judgment", « devra verser ») is that settlement."""
    if {"arrest", "conviction", "acquittal", "settlement"} & set(outcomes):
        outcomes = [o for o in outcomes if o != "lawsuit"]
    if "settlement" in outcomes:
        outcomes = [o for o in outcomes if o != "conviction"]
    return outcomes


# A piracy site described by what it is: "le site de torrents ExtraTorrent", "cyberlocker
# Hotfile", "What.cd, the invite-only music torrent tracker".
_PIRACY_WORDS = re.compile(
    r"\b(?:torrents?|tracker|pirat\w*|cyberlocker|h[ée]bergeur de (?:fichiers|vid[ée]os)|"
    r"h[ée]bergeur vid[ée]o|file[- ]?host\w*|file locker|warez|ddl|t[ée]l[ée]chargement direct|"
    r"direct[- ]download|streaming (?:ill[ée]gal|pirate)|illegal streaming|link sites?|"
    r"annuaires? de liens)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[\w.+’'-]+|[,;:.!?()«»\"“”]")
# Words a description may put where a name goes: protocols and generic words.
_NOT_NAMES = frozenset(
    (
        "bittorrent", "edonkey", "emule", "p2p", "ddl", "vpn", "torrent", "torrents", "tracker",
        "pirate", "pirates", "site", "sites", "streaming", "hollywood", "internet", "web",
        "google",
    )
)  # fmt: skip


_PREPOSITIONS = frozenset(
    ("de", "du", "des", "à", "au", "aux", "en", "in", "at", "on", "of", "by", "par", "pour", "for",
     "from", "with", "avec", "chez", "dans", "sur", "to", "et", "and")
)  # fmt: skip
_ARTICLES = frozenset(["the", "le", "la", "les", "un", "une", "a", "an", "de", "of", "du", "des"])


def _looks_like_name(word: str) -> bool:
    return (
        len(word) > 2
        and not word.isdigit()
        and (word[0].isupper() or any(c.isupper() or c.isdigit() for c in word[1:]))
    )


def _name_from(words: list[str], start: int, step: int) -> str:
    """The run of name-like words from `start` (forwards or backwards): "Pirate Bay", "isoHunt".

    Its first word may not be a generic word ("BitTorrent" alone is a protocol, not a site)."""
    run, i = [], start
    while 0 <= i < len(words) and len(run) < 4:
        word = words[i].strip("’'").rstrip(".")
        if word.lower() in _ARTICLES or not _looks_like_name(word):
            break
        if not run and word.lower() in _NOT_NAMES:
            return ""
        run.append(word)
        i += step
    return " ".join(run if step > 0 else reversed(run))


def described_sites(text: str) -> list[str]:
    found = []
    for sentence in sentences(text):
        if not _PIRACY_WORDS.search(sentence):
            continue
        words = _WORD.findall(sentence)
        spans, position = [], 0
        for word in words:  # character offset of each word, to map regex matches to words
            position = sentence.find(word, position)
            spans.append(position)
            position += len(word)
        for match in _PIRACY_WORDS.finditer(sentence):
            if match.start() > 0 and match.group()[0].isupper():
                continue  # a capitalised word inside a sentence is part of a name ("Pirate Bay")
            after = next((i for i, at in enumerate(spans) if at >= match.end()), len(words))
            # "site de torrents ExtraTorrent", "tracker BitTorrent privé What.cd"
            for i in range(after, min(after + 4, len(words))):
                # "…piratage au tribunal de Paris": a name after a preposition is a place.
                if words[i] in ",;:.!?()" or words[i].lower() in _PREPOSITIONS:
                    break
                name = _name_from(words, i, 1)
                if name and name.lower() not in _NOT_NAMES:
                    found.append(name)
                    break
            # "What.cd, the … torrent tracker": a name, a comma, a description
            before = next(
                (i for i in range(len(spans) - 1, -1, -1) if spans[i] < match.start()), -1
            )
            comma = next(
                (i for i in range(before, max(before - 9, -1), -1) if words[i] == ","), None
            )
            if comma is not None and comma > 0:
                name = _name_from(words, comma - 1, -1)
                if name:
                    found.append(name)
    return [re.sub(r"^(?:The|Le|La|Les) ", "", n) for n in found]


def unknown_domains(text: str, *, shut_down_only: bool = False) -> list[str]:
    found = []
    for sentence in sentences(text):
        if shut_down_only and not _SHUT.search(fold(sentence)):
            continue
        for match in DOMAIN.finditer(sentence):
            domain = match.group(1).lower()
            if domain not in found:
                found.append(domain)
    return found


def _unique(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))
