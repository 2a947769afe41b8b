"""Stage 4, classify: is an entry about an enforcement action against a site?

A small, explainable score: piracy context + an outcome or enforcement word + a named site,
minus the signs of topics that share those words (security breaches, business news,
opinion). Every decision carries its reasons (`Relevance.reasons`); of those, only the second
reading's ("corroborated: X", "resembles <link>", "reported alike by N outlets") reach a
story's `why`, and so the report and the review queue.
"""

from __future__ import annotations

from rideau.newswire.lexicon import (
    ACTION_PATTERNS,
    ENFORCERS,
    OFF_TOPIC,
    PIRACY_CONTEXT,
    POSSIBILITY_CUES,
    POSSIBILITY_REACH,
    USERS_SUED,
)
from rideau.newswire.matching import compile_terms, compile_terms_by_letter
from rideau.newswire.records import CleanEntry, Relevance
from rideau.newswire.text import fold

THRESHOLD = 4.0
NAMED_SITE_POINTS = 2.0
PIRACY_OF_A_SITE = 1


class Classifier:
    def __init__(self) -> None:
        self.piracy = compile_terms_by_letter(PIRACY_CONTEXT)
        self.enforcers = compile_terms_by_letter(ENFORCERS)
        # Actions outside the outcome vocabulary ("loses its domain", "injunction against")
        # report enforcement as well as the outcomes do.
        self.outcomes = compile_terms_by_letter(ACTION_PATTERNS)
        self.hypothetical = compile_terms(POSSIBILITY_CUES)
        self.users_sued = compile_terms(USERS_SUED)
        self.off_topic = {topic: compile_terms(patterns) for topic, patterns in OFF_TOPIC.items()}

    def _actions(self, folded: str) -> int:
        """Outcome and action words, less those a possibility or a threat ("could face a
        lawsuit", « permettrait de bloquer »): news reports what happened."""
        if not self.hypothetical.search(folded):  # most texts: one scan, no cue to weigh
            return len(self.outcomes.findall(folded))
        return sum(
            not self.hypothetical.search(folded, max(0, m.start() - POSSIBILITY_REACH), m.start())
            for m in self.outcomes.finditer(folded)
        )

    def classify(self, clean: CleanEntry, named_sites: int) -> Relevance:
        title = fold(clean.title)
        body = fold(clean.text)
        piracy = len(self.piracy.findall(title)) * 2 + len(self.piracy.findall(body))
        said_piracy = piracy
        if named_sites:
            # a named service is piracy context: the registry lists piracy services, and an
            # unknown one is named only where the text says what it is ("a stream-ripper")
            piracy = max(piracy, PIRACY_OF_A_SITE)
        outcome_in_title = bool(self._actions(title))
        outcomes = self._actions(body) + 2 * outcome_in_title
        enforcers = len(self.enforcers.findall(title + " " + body))
        off = {
            t: len(p.findall(title)) * 2 + len(p.findall(body)) for t, p in self.off_topic.items()
        }
        worst_topic, worst = max(off.items(), key=lambda kv: kv[1])
        score = (
            min(piracy, 4)
            + min(outcomes, 4)
            + min(enforcers, 2) * 0.5
            + (NAMED_SITE_POINTS if named_sites else 0.0)
            + (1.0 if outcome_in_title else 0.0)
            - 1.0 * worst
        )
        reasons = [
            f"piracy words: {piracy}",
            f"outcome words: {outcomes}",
            f"enforcers: {enforcers}",
            f"named sites: {named_sites}",
        ]
        if worst:
            reasons.append(f"{worst_topic} words: {worst}")
        # A story is about a site: without one named there is nothing to archive. The registry
        # lists piracy sites only, so naming one is also context enough.
        # A campaign against downloaders ("sues 261 file sharers") is no action on a service.
        users_sued = bool(self.users_sued.search(title))
        relevant = named_sites > 0 and outcomes > 0 and score >= THRESHOLD and not users_sued
        # A patent suit is no enforcement against a piracy service: patents said more often
        # than piracy ("brevets, pas de droit d'auteur")
        if off["patent"] >= max(2, said_piracy):
            relevant = False
        # (as sure of the action as a kept entry would be with the points a named site adds,
        # its context point included: corroborate.py reads it again for a site the run's
        # other entries establish, which is evidence of its own)
        with_site = score + NAMED_SITE_POINTS + max(0, PIRACY_OF_A_SITE - min(piracy, 4))
        lacks_site = not named_sites and outcomes > 0 and with_site >= THRESHOLD and not users_sued
        lacks_action = (
            not relevant
            and not lacks_site
            and bool(said_piracy or outcomes)
            and not users_sued
            and off["patent"] < max(2, said_piracy)
        )
        return Relevance(
            relevant, round(score, 2), tuple(reasons), lacks_site=lacks_site,
            lacks_action=lacks_action,
        )  # fmt: skip
