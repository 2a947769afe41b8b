"""Stage 6, tag: sites (targets only), studios (rights holders acting) and outcomes.

Names come from the registry (canonical names and aliases, accent- and case-insensitive);
domain-like names the text says were shut down are proposed for the registry.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from stories.registry import Registry
from stories.vocabulary import OUTCOME_IDS

from .lexicon import MENTION_CUES, OUTCOME_PATTERNS, STUDIO_ACTION_CUES, STUDIO_VICTIM_CUES
from .matching import NameFinder, compile_terms
from .records import CleanEntry, Tags
from .text import fold, sentences, tokens

# A domain name standing for a site ("zone-telechargement.ws", "t411.me").
DOMAIN = re.compile(
    r"(?<![\w.@/-])((?:[a-z0-9][a-z0-9-]{1,62}\.)+(?:com|net|org|fr|to|tv|me|io|ws|cc|info|eu|ru|"
    r"se|ag|is|li|ch|sx|la|gg|so|cx|nu|am|lu|pw|xyz|site|biz|in|co|tf|al|al|vip|cm|ac|ph|st|"
    r"lol|club|one|top|live|watch|movie|stream|zone|tk|ml|ga|cf|gq|be|de|uk|nl|es|it))(?![\w-])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Tagger:
    registry: Registry
    sites: NameFinder = field(init=False)
    studios: NameFinder = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "sites", NameFinder(self.registry, "sites"))
        object.__setattr__(self, "studios", NameFinder(self.registry, "studios"))

    def count_named_sites(self, clean: CleanEntry) -> int:
        return len(self.sites.find(tokens(clean.all_text))) + len(unknown_domains(clean.all_text))

    def tag(self, clean: CleanEntry) -> Tags:
        sites, mentioned = self._target_sites(clean)
        proposed = tuple(
            d for d in unknown_domains(clean.all_text, shut_down_only=True)
            if not self.sites.names_in(d) and d not in sites
        )  # fmt: skip
        if not sites and proposed:
            sites = [proposed[0]]
        return Tags(
            sites=tuple(sites),
            studios=tuple(self._acting_studios(clean)),
            outcomes=tuple(outcomes_of(clean)),
            proposed_sites=proposed,
            mentioned_sites=tuple(m for m in mentioned if m not in sites),
        )

    def _target_sites(self, clean: CleanEntry) -> tuple[list[str], list[str]]:
        """Sites named in the title are targets; otherwise the most-named site of the text,
        unless every mention reads as background (a host, a precedent)."""
        in_title = self._title_targets(clean.title)
        counts: Counter[str] = Counter()
        background: Counter[str] = Counter()
        for sentence in sentences(clean.text):
            words = tokens(sentence)
            folded = " ".join(words)
            for hit in self.sites.find(words):
                counts[hit.canonical] += 1
                before = " ".join(words[max(0, hit.start - 4) : hit.start])
                if MENTION.search(before) or _in_list_after_cue(folded, words, hit.start):
                    background[hit.canonical] += 1
        mentioned = list(counts)
        if in_title:
            return in_title, mentioned
        foreground = {
            name: n - background[name] for name, n in counts.items() if n > background[name]
        }
        if not foreground:
            return [], mentioned
        best = max(foreground.values())
        return [name for name in counts if foreground.get(name) == best][:1], mentioned

    def _title_targets(self, title: str) -> list[str]:
        """Sites named in the title, less those named as a precedent ("After X, Y closes")."""
        words = tokens(title)
        hits = self.sites.find(words)
        targets = []
        previous_end = 0
        for hit in hits:
            before = " ".join(words[max(previous_end, hit.start - 3) : hit.start])
            if not TITLE_BACKGROUND.search(before):
                targets.append(hit.canonical)
            previous_end = hit.end
        return _unique(targets or [hit.canonical for hit in hits])

    def _acting_studios(self, clean: CleanEntry) -> list[str]:
        acting = []
        for sentence in [clean.title, *sentences(clean.text)]:
            folded = fold(sentence)
            names = self.studios.names_in(sentence)
            if not names or STUDIO_VICTIM.search(folded):
                continue
            if STUDIO_ACTION.search(folded):
                acting.extend(names)
        return _unique(acting)


MENTION = compile_terms(MENTION_CUES)
TITLE_BACKGROUND = compile_terms(
    (r"apres", r"after", r"effet", r"following", r"like", r"comme", r"since", r"depuis", r"wake of",
     r"post", r"a l image de", r"sur les traces de", r"in the footsteps of", r"vs", r"contre")
)  # fmt: skip
STUDIO_ACTION = compile_terms(STUDIO_ACTION_CUES)
STUDIO_VICTIM = compile_terms(STUDIO_VICTIM_CUES)
_OUTCOME_MATCHERS = {outcome: compile_terms(p) for outcome, p in OUTCOME_PATTERNS.items()}
_SHUT = compile_terms(
    OUTCOME_PATTERNS["shutdown"] + OUTCOME_PATTERNS["seizure"] + OUTCOME_PATTERNS["blocking"]
)


def _in_list_after_cue(folded: str, words: list[str], start: int) -> bool:
    """True for "hosted on Megavideo, Megaupload or VideoBB": a cue before the list."""
    window = " ".join(words[max(0, start - 10) : start])
    return bool(
        re.search(
            r"(heberge\w* (sur|chez)|hosted (on|by)|stock\w* (sur|chez)|liens? vers|links? to)",
            window,
        )
    )


def outcomes_of(clean: CleanEntry) -> list[str]:
    """Outcomes said in the title, or said more than once in the text (background is said once)."""
    title = fold(clean.title)
    first = " ".join(sentences(clean.text)[:2])
    body = fold(clean.text)
    found = []
    for outcome in OUTCOME_IDS:
        matcher = _OUTCOME_MATCHERS[outcome]
        score = (
            3 * len(matcher.findall(title))
            + 2 * len(matcher.findall(fold(first)))
            + len(matcher.findall(body))
        )
        if score >= 3:
            found.append(outcome)
    return found


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
