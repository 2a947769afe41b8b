"""The registry of sites and studios: `content/registry/sites.yaml` and `studios.yaml`.

Editors keep canonical names, aliases and short bilingual profiles there; stories and
ingestion refer to entries by canonical name or alias.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml
from pelican.utils import slugify

SITE_STATUSES = ("active", "closed", "blocked", "relaunched")
LANGS = ("fr", "en")


class RegistryError(ValueError):
    """A registry file cannot be used; the message names the file, the entry and the field."""


@dataclass(frozen=True)
class Entry:
    name: str
    slug: str
    aliases: tuple[str, ...] = ()
    kind: str = ""
    description: dict[str, str] = field(default_factory=dict)
    # Sites only.
    status: str = ""
    years: tuple[int | None, int | None] = (None, None)

    def describe(self, lang: str) -> str:
        return self.description.get(lang) or next(iter(self.description.values()), "")


@dataclass(frozen=True)
class Registry:
    sites: tuple[Entry, ...] = ()
    studios: tuple[Entry, ...] = ()

    def entries(self, taxonomy: str) -> tuple[Entry, ...]:
        return self.sites if taxonomy == "sites" else self.studios

    @cached_property
    def _indexes(self) -> dict[str, dict[str, Entry]]:
        return {"sites": _index(self.sites), "studios": _index(self.studios)}

    def lookup(self, taxonomy: str, name: str) -> Entry | None:
        """The entry whose canonical name or alias is `name` (case-insensitive)."""
        return self._indexes[taxonomy].get(_key(name))


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


def _index(entries: Iterable[Entry]) -> dict[str, Entry]:
    index: dict[str, Entry] = {}
    for entry in entries:
        for name in (entry.name, *entry.aliases):
            index.setdefault(_key(name), entry)
    return index


def load_registry(directory: str | Path) -> Registry:
    """Read sites.yaml and studios.yaml from `directory` (either may be missing)."""
    directory = Path(directory)
    return Registry(
        sites=_load_entries(directory / "sites.yaml", is_site=True),
        studios=_load_entries(directory / "studios.yaml", is_site=False),
    )


def _load_entries(path: Path, *, is_site: bool) -> tuple[Entry, ...]:
    if not path.exists():
        return ()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise RegistryError(f"{path}: cannot be read: {exc}") from exc
    if data is None:
        return ()
    if not isinstance(data, list):
        raise RegistryError(f"{path}: must be a list of entries, found {type(data).__name__}")
    entries = [_parse_entry(path, i, item, is_site=is_site) for i, item in enumerate(data, 1)]
    _check_unique(path, entries)
    return tuple(entries)


def _parse_entry(path: Path, number: int, item: object, *, is_site: bool) -> Entry:
    where = f"{path}: entry {number}"
    if not isinstance(item, dict):
        raise RegistryError(f"{where}: must be a mapping with at least `name`")
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        raise RegistryError(f"{where}: field `name` is missing or empty")
    where = f"{path}: {name}"
    aliases = item.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise RegistryError(f"{where}: field `aliases` must be a list of names")
    description = item.get("description") or {}
    if not isinstance(description, dict) or not set(description) <= set(LANGS):
        raise RegistryError(f"{where}: field `description` must map fr and en to text")
    status = item.get("status") or ""
    if is_site and status and status not in SITE_STATUSES:
        raise RegistryError(
            f"{where}: field `status` is {status!r}, expected one of {', '.join(SITE_STATUSES)}"
        )
    years = item.get("years") or [None, None]
    if (
        not isinstance(years, list)
        or len(years) != 2
        or not all(y is None or isinstance(y, int) for y in years)
    ):
        raise RegistryError(f"{where}: field `years` must be [first, last] (last may be null)")
    slug = item.get("slug") or slug_for(name)
    return Entry(
        name=name.strip(),
        slug=str(slug),
        aliases=tuple(a.strip() for a in aliases),
        kind=str(item.get("kind") or ""),
        description={lang: str(text).strip() for lang, text in description.items()},
        status=status,
        years=(years[0], years[1]),
    )


def _check_unique(path: Path, entries: list[Entry]) -> None:
    seen: dict[str, str] = {}
    slugs: dict[str, str] = {}
    canonical: set[str] = set()
    for entry in entries:
        if entry.name in canonical:  # spelled otherwise, it is reported as naming both below
            raise RegistryError(f"{path}: {entry.name!r} has two entries; keep one")
        canonical.add(entry.name)
        for name in (entry.name, *entry.aliases):
            owner = seen.setdefault(_key(name), entry.name)
            if owner != entry.name:
                raise RegistryError(f"{path}: {name!r} names both {owner!r} and {entry.name!r}")
        owner = slugs.setdefault(entry.slug, entry.name)
        if owner != entry.name:
            raise RegistryError(f"{path}: {owner!r} and {entry.name!r} have the same slug")


# Pelican's default slug rules, applied to names such as "Warner Bros." or "T411".
SLUG_SUBSTITUTIONS = [
    (r"[^\w\s-]", ""),
    (r"(?u)\A\s*", ""),
    (r"(?u)\s*\Z", ""),
    (r"[-\s]+", "-"),
]


def slug_for(name: str) -> str:
    return slugify(name, regex_subs=SLUG_SUBSTITUTIONS)
