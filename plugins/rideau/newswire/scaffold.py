"""`newswire new` and `newswire registry add`: starting points that editors fill in."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from rideau.newswire.editor import PLACEHOLDER, SUMMARY_PLACEHOLDER, EditorError
from rideau.newswire.files import write_atomic
from rideau.newswire.state import StateStore
from rideau.newswire.urls import is_web_url
from rideau.registry import SITE_STATUSES, Registry, RegistryError, load_registry, slug_for
from rideau.settings import DEFAULT_LANGUAGES, BuildSettings
from rideau.storyfile.validate import SLUG_PATTERN
from rideau.storyfile.vocabulary import OUTCOME_IDS


@dataclass(frozen=True)
class Source:
    url: str
    outlet: str
    lang: str
    date: str
    title: str


@dataclass(frozen=True)
class NewStory:
    titles: dict[str, str]
    summaries: dict[str, str]
    date: dt.date
    event_date: dt.date | None = None
    sites: tuple[str, ...] = ()
    studios: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    slug: str = ""
    extra: dict = field(default_factory=dict)


def parse_source(text: str, languages: Sequence[str] = tuple(DEFAULT_LANGUAGES)) -> Source:
    """'URL | outlet | lang | YYYY-MM-DD | title' (the form `newswire new --source` takes);
    `lang` is one of `languages`."""
    parts = [p.strip() for p in text.split("|", 4)]
    if len(parts) != 5 or not all(parts):
        raise EditorError(f"--source {text!r}: expected 'URL | outlet | lang | YYYY-MM-DD | title'")
    url, outlet, lang, date, title = parts
    if not is_web_url(url):
        raise EditorError(f"--source {text!r}: {url!r} is not an http(s) URL")
    if lang not in languages:
        raise EditorError(f"--source {text!r}: lang must be {' or '.join(languages)}")
    try:
        dt.date.fromisoformat(date)
    except ValueError:
        raise EditorError(f"--source {text!r}: {date!r} is not YYYY-MM-DD") from None
    return Source(url, outlet, lang, date, title)


def canonical_names(registry: Registry, taxonomy: str, names: tuple[str, ...]) -> list[str]:
    canonical = []
    for name in names:
        entry = registry.lookup(taxonomy, name)
        if entry is None:
            kind = "site" if taxonomy == "sites" else "studio"
            raise EditorError(
                f"{name!r} is not in content/registry/{taxonomy}.yaml: add it first with "
                f"`newswire registry add {kind} {name!r} …`"
            )
        canonical.append(entry.name)
    return canonical


def scaffold_story(
    content: Path,
    story: NewStory,
    *,
    registry: Path | None = None,
    languages: Sequence[str] = tuple(DEFAULT_LANGUAGES),
) -> list[Path]:
    """Write a new draft story, one file per language; returns their paths. `registry`: the
    registry folder (None: the default one of `content`)."""
    registry = load_registry(registry or BuildSettings().registry_folder(content))
    sites = canonical_names(registry, "sites", story.sites)
    studios = canonical_names(registry, "studios", story.studios)
    unknown = [o for o in story.outcomes if o not in OUTCOME_IDS]
    if unknown:
        raise EditorError(f"unknown outcome(s) {', '.join(unknown)}: use {', '.join(OUTCOME_IDS)}")
    for lang in languages:
        if not story.titles.get(lang, "").strip():
            raise EditorError(f"the {lang} title is missing (--title-{lang})")
    if story.date > dt.date.today():
        raise EditorError(f"date {story.date} is in the future")
    slug = (
        story.slug
        or f"{slug_for(sites[0]) if sites else slug_for(story.titles['en'])[:40]}-{story.date.year}"
    )
    if not SLUG_PATTERN.match(slug):
        raise EditorError(f"slug {slug!r} must be lowercase letters, digits and hyphens")
    index = StateStore.in_memory().refresh(content)
    if slug in index.stories:
        raise EditorError(f"a story with slug {slug!r} exists already; pass another --slug")
    folder = content / "stories" / str(story.date.year)
    paths = [folder / f"{slug}.{lang}.md" for lang in languages]
    for path in paths:
        if path.exists():
            raise EditorError(f"{path} exists already")
    for lang, path in zip(languages, paths, strict=True):
        meta = {
            "title": story.titles[lang].strip(),
            "slug": slug,
            "lang": lang,
            "date": story.date.isoformat(),
            "event_date": (story.event_date or story.date).isoformat(),
            "summary": story.summaries.get(lang, "").strip() or SUMMARY_PLACEHOLDER[lang],
            "sites": sites,
            "studios": studios,
            "outcomes": [o for o in OUTCOME_IDS if o in story.outcomes],
            "status": "draft",
            "sources": [vars(s) for s in sorted(story.sources, key=lambda s: s.date)],
        }
        front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=10_000)
        write_atomic(path, f"---\n{front}---\n{PLACEHOLDER[lang]}\n")
    return paths


def add_to_registry(registry: Path, taxonomy: str, entry: dict) -> Path:
    """Append an entry to sites.yaml or studios.yaml of the `registry` folder, keeping the rest
    of the file as it is."""
    path = registry / f"{taxonomy}.yaml"
    if taxonomy == "sites" and entry.get("status") and entry["status"] not in SITE_STATUSES:
        raise EditorError(f"status must be one of {', '.join(SITE_STATUSES)}")
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    block = yaml.safe_dump([{k: v for k, v in entry.items() if v not in (None, "", [], {})}],
                           sort_keys=False, allow_unicode=True, width=10_000)  # fmt: skip
    updated = (text.rstrip("\n") + "\n\n" if text.strip() else "") + block
    # Check the result as the build will read it, before touching the file.
    with tempfile.TemporaryDirectory() as scratch:
        for name in ("sites.yaml", "studios.yaml"):
            source = path.parent / name
            copy = updated if name == path.name else ""
            if name != path.name and source.exists():
                copy = source.read_text(encoding="utf-8")
            (Path(scratch) / name).write_text(copy, encoding="utf-8")
        try:
            load_registry(scratch)
        except RegistryError as exc:
            raise EditorError(str(exc).replace(scratch, str(path.parent))) from None
    write_atomic(path, updated)
    return path
