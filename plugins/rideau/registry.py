"""The registry: `content/registry/sites.yaml`, `studios.yaml` and `outlets.yaml`.

Editors keep canonical names, aliases and short bilingual profiles there; stories and
ingestion refer to entries by canonical name or alias. An outlet also has the domains its
articles are on, by which ingestion names it whatever its feed calls itself.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from pelican.utils import slugify

from rideau.settings import DEFAULT_LANGUAGES

SITE_STATUSES = ("active", "closed", "blocked", "relaunched")
LANGS = tuple(DEFAULT_LANGUAGES)
# Prefixes that name the same site: "www.01net.com", "m.01net.com" and "01net.com" are one.
HOST_PREFIXES = ("www.", "m.", "amp.")
# A domain as outlets.yaml writes it: a host name, optionally a path ("lemonde.fr/pixels").
_DOMAIN = re.compile(
    r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+(?:/\S*)?"
)


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
    # Outlets only.
    domains: tuple[str, ...] = ()
    lang: str = ""

    def describe(self, lang: str) -> str:
        return self.description.get(lang) or next(iter(self.description.values()), "")


@dataclass(frozen=True)
class Registry:
    sites: tuple[Entry, ...] = ()
    studios: tuple[Entry, ...] = ()
    outlets: tuple[Entry, ...] = ()

    def entries(self, taxonomy: str) -> tuple[Entry, ...]:
        return {"sites": self.sites, "studios": self.studios, "outlets": self.outlets}[taxonomy]

    @cached_property
    def _indexes(self) -> dict[str, dict[str, Entry]]:
        return {
            "sites": _index(self.sites), "studios": _index(self.studios),
            "outlets": _index(self.outlets),
        }  # fmt: skip

    @cached_property
    def _outlet_names(self) -> dict[str, Entry]:
        index: dict[str, Entry] = {}
        for entry in self.outlets:
            for name in (entry.name, *entry.aliases):
                index.setdefault(fold_name(name), entry)
        return index

    @cached_property
    def _outlet_domains(self) -> dict[str, list[tuple[str, Entry]]]:
        """host -> [(path prefix, outlet)], the longest prefix first."""
        index: dict[str, list[tuple[str, Entry]]] = {}
        for entry in self.outlets:
            for domain in entry.domains:
                host, _, path = domain.partition("/")
                index.setdefault(host, []).append((f"/{path}".rstrip("/"), entry))
        for prefixes in index.values():
            prefixes.sort(key=lambda item: -len(item[0]))
        return index

    def lookup(self, taxonomy: str, name: str) -> Entry | None:
        """The entry whose canonical name or alias is `name` (case-insensitive)."""
        return self._indexes[taxonomy].get(_key(name))

    def outlet_named(self, name: str) -> Entry | None:
        """The outlet whose name or alias is `name`, in any case and with or without accents."""
        return self._outlet_names.get(fold_name(name)) if name else None

    def outlet_at(self, url: str) -> Entry | None:
        """The outlet whose domain holds `url`: its host or a parent domain of it ("www.",
        "m." and "amp." ignored), the longest path prefix first; None if no outlet's."""
        try:
            parts = urlsplit(url.strip())
            host = parts.hostname
        except ValueError:
            return None
        if not host or not self.outlets:
            return None
        path = (parts.path or "/").lower()
        labels = host_without_prefixes(host).split(".")
        for start in range(len(labels) - 1):
            for prefix, entry in self._outlet_domains.get(".".join(labels[start:]), ()):
                if not prefix or path == prefix or path.startswith(prefix + "/"):
                    return entry
        return None


# "Archie’s Hub" and "Archie's Hub" are one name: editors and outlets type either apostrophe.
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})


def _key(name: str) -> str:
    return " ".join(name.casefold().translate(_APOSTROPHES).split())


def fold_name(name: str) -> str:
    """`name` compared as people read it: case, accents, spacing and the apostrophe's form do
    not count."""
    decomposed = unicodedata.normalize("NFKD", name.casefold().translate(_APOSTROPHES))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def host_without_prefixes(host: str) -> str:
    host = host.lower().rstrip(".")
    while True:
        prefix = next((p for p in HOST_PREFIXES if host.startswith(p) and host != p), None)
        if prefix is None or "." not in host[len(prefix) :]:
            return host
        host = host[len(prefix) :]


def _index(entries: Iterable[Entry]) -> dict[str, Entry]:
    index: dict[str, Entry] = {}
    for entry in entries:
        for name in (entry.name, *entry.aliases):
            index.setdefault(_key(name), entry)
    return index


# libyaml's loader when PyYAML has it: the same values as yaml.safe_load, 20 times faster
# (the registry is read by every build and every ingest).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_registry(directory: str | Path) -> Registry:
    """Read sites.yaml, studios.yaml and outlets.yaml from `directory` (any may be missing)."""
    directory = Path(directory)
    return Registry(
        sites=_load_entries(directory / "sites.yaml", is_site=True),
        studios=_load_entries(directory / "studios.yaml", is_site=False),
        outlets=_load_entries(directory / "outlets.yaml", is_site=False, is_outlet=True),
    )


def _load_entries(path: Path, *, is_site: bool, is_outlet: bool = False) -> tuple[Entry, ...]:
    if not path.exists():
        return ()
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise RegistryError(f"{path}: cannot be read: {exc}") from exc
    if data is None:
        return ()
    if not isinstance(data, list):
        raise RegistryError(f"{path}: must be a list of entries, found {type(data).__name__}")
    entries = [
        _parse_entry(path, i, item, is_site=is_site, is_outlet=is_outlet)
        for i, item in enumerate(data, 1)
    ]
    _check_unique(path, entries)
    if is_outlet:
        _check_outlets(path, entries)
    return tuple(entries)


def _parse_entry(
    path: Path, number: int, item: object, *, is_site: bool, is_outlet: bool = False
) -> Entry:
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
    domains, lang = _outlet_fields(where, item) if is_outlet else ((), "")
    return Entry(
        name=name.strip(),
        slug=str(slug),
        aliases=tuple(a.strip() for a in aliases),
        kind=str(item.get("kind") or ""),
        description={lang: str(text).strip() for lang, text in description.items()},
        status=status,
        years=(years[0], years[1]),
        domains=domains,
        lang=lang,
    )


def _outlet_fields(where: str, item: dict) -> tuple[tuple[str, ...], str]:
    domains = item.get("domains") or []
    if not isinstance(domains, list) or not all(isinstance(d, str) for d in domains):
        raise RegistryError(f"{where}: field `domains` must be a list of host names")
    normalized = []
    for domain in domains:
        host, slash, path = domain.strip().lower().partition("/")
        domain = host_without_prefixes(host) + slash + path.rstrip("/")
        if not _DOMAIN.fullmatch(domain.rstrip("/")):
            raise RegistryError(
                f"{where}: field `domains`: {domain!r} is not a host name such as "
                f"example.com (no scheme, no port)"
            )
        normalized.append(domain.rstrip("/"))
    lang = item.get("lang") or ""
    if lang not in ("", *LANGS):
        raise RegistryError(
            f"{where}: field `lang` is {lang!r}, expected one of {', '.join(LANGS)}"
        )
    return tuple(normalized), lang


def _check_outlets(path: Path, entries: list[Entry]) -> None:
    """Outlet names are compared without accents too, and a domain is one outlet's."""
    names: dict[str, str] = {}
    domains: dict[str, str] = {}
    for entry in entries:
        for name in (entry.name, *entry.aliases):
            owner = names.setdefault(fold_name(name), entry.name)
            if owner != entry.name:
                raise RegistryError(f"{path}: {name!r} names both {owner!r} and {entry.name!r}")
        for domain in entry.domains:
            owner = domains.setdefault(domain, entry.name)
            if owner != entry.name:
                raise RegistryError(
                    f"{path}: {entry.name}: field `domains`: {domain!r} is also {owner!r}'s "
                    "domain; keep it in one"
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
