"""What one Pelican build (one language site) knows about Rideau's content."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from .cache import ReadCache
from .model import Problem
from .registry import Registry, load_registry

BUILD_KEY = "RIDEAU_BUILD"


class StoryValidationError(RuntimeError):
    """Raised at the end of a strict (production) build that found problems in content files."""


@dataclass
class BuildState:
    registry: Registry
    problems: list[Problem] = field(default_factory=list)
    # The reader's results of the last build (None: every file is read afresh).
    read_cache: ReadCache | None = None
    # The file read with each (kind, slug, lang), "story" or "page": a second one is refused.
    slugs: dict[tuple[str, str, str], str] = field(default_factory=dict)


def start_build(settings: dict) -> BuildState:
    """Load the registry afresh for this build (autoreload picks up registry edits)."""
    directory = os.path.join(settings["PATH"], settings.get("RIDEAU_REGISTRY_PATH", "registry"))
    state = BuildState(registry=load_registry(directory))
    if settings.get("RIDEAU_INCREMENTAL", True) and settings.get("CACHE_PATH"):
        state.read_cache = ReadCache.for_settings(settings)
    settings[BUILD_KEY] = state
    return state


def build_state(settings: dict) -> BuildState:
    state = settings.get(BUILD_KEY)
    if state is None:
        # A reader used outside a Pelican run (tests, tools): start one.
        state = start_build(settings)
    return state
