"""The outcome vocabulary fixed by the ingestion contract (../shared/newswire-contract.md)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Outcome:
    id: str
    en: str
    fr: str

    def label(self, lang: str) -> str:
        """The label in `lang`: the field of that name (fr, en)."""
        return getattr(self, lang)


# In the contract's order: stories list their outcomes in this order too.
OUTCOMES: tuple[Outcome, ...] = (
    Outcome("notice", "Notice", "Mise en demeure"),
    Outcome("lawsuit", "Lawsuit", "Poursuites"),
    Outcome("arrest", "Arrest", "Interpellation"),
    Outcome("seizure", "Seizure", "Saisie"),
    Outcome("blocking", "Blocking", "Blocage"),
    Outcome("shutdown", "Shutdown", "Fermeture"),
    Outcome("conviction", "Conviction", "Condamnation"),
    Outcome("acquittal", "Acquittal", "Relaxe"),
    Outcome("settlement", "Settlement", "Accord"),
    Outcome("relaunch", "Relaunch", "Réouverture"),
)

OUTCOME_IDS: tuple[str, ...] = tuple(o.id for o in OUTCOMES)


def outcome_by_id(outcome_id: str) -> Outcome:
    for outcome in OUTCOMES:
        if outcome.id == outcome_id:
            return outcome
    raise KeyError(outcome_id)
