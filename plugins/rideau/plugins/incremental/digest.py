"""What a page is made of, as a digest: the inputs of a render, hashed before rendering.

A page's key is the digest of everything its template can read:
- the *site key*: Rideau's code, the theme (templates, catalogues, static files), the registry
  and the settings, which the template helpers read behind the templates' back;
- the values of the variables the template and the templates it extends, imports or includes
  name (found with Jinja's own parser), and every variable passed for this page;
- for a story or page, its source file and those of its translations; the page of a story
  also shows its developments and related stories, so their source files count too.

Stories listed on a page count by their front matter (title, date, summary and tags all come
from there), or by their whole file when they leave the summary to Pelican; a story's own
page and its feed entries count by its whole file. A value of a type this module does not
know makes the page uncacheable: it is rendered every time, never served stale.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import marshal
import os
import platform
import re
import sys
import types
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePath
from types import SimpleNamespace

import jinja2
from jinja2 import meta
from pelican import __version__ as PELICAN_VERSION
from pelican.contents import Content
from pelican.paginator import Page, Paginator
from pelican.urlwrappers import URLWrapper

from rideau.plugins.stories.cache import FRONT_DIGEST, SOURCE_DIGEST, hash_parts

# Variables read by the template helpers (bilingual.templating) rather than by the templates.
HELPER_VARIABLES = ("SITEURL", "output_file", "article", "page", "rideau_paths")
# Attributes of a story that its own page shows and that come from other stories.
LINKED_ATTRIBUTES = ("rideau_links",)
# Markers of links to other content in a story's text: such a story's HTML depends on the
# URLs of the content it links to.
INTERSITE_MARKERS = ("{filename}", "|filename|", "{attach}", "|attach|", "{index}")


class Uncacheable(TypeError):
    """A template variable whose value cannot be digested: render the page every time."""


def file_digest(path: str | os.PathLike) -> bytes:
    try:
        return hash_parts(Path(path).read_bytes())
    except OSError:
        return b"missing"


def tree_digest(paths: Iterable[Path]) -> bytes:
    """Every file under `paths` (relative name and bytes), in a stable order."""
    parts = []
    for root in paths:
        root = Path(root)
        if root.is_file():
            parts += [root.name.encode(), file_digest(root)]
            continue
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                parts += [str(path.relative_to(root)).encode(), file_digest(path)]
    return hash_parts(*parts)


# Settings read only once the pages are written (the search index), which no page shows.
AFTER_PAGES_SETTINGS = frozenset({"RIDEAU_SEARCH"})


def _plain_setting(value, depth: int = 0) -> str:
    """`value` written down whole, or Uncacheable: a setting known only by its type would
    leave pages stale when it changes."""
    if depth > 12:
        raise Uncacheable("a setting nested too deep")
    if isinstance(value, str | int | float | bool | type(None)):
        return repr(value)
    if isinstance(value, dt.date | dt.datetime | dt.tzinfo):
        return repr(str(value))
    if isinstance(value, PurePath):
        return repr(str(value))
    if isinstance(value, re.Pattern):
        return f"re({value.pattern!r},{value.flags})"
    if isinstance(value, Mapping):
        items = sorted((str(k), _plain_setting(v, depth + 1)) for k, v in value.items())
        return "{" + ",".join(f"{k}:{v}" for k, v in items) + "}"
    if isinstance(value, list | tuple | set | frozenset):
        items = [_plain_setting(v, depth + 1) for v in value]
        if isinstance(value, set | frozenset):
            items.sort()
        return "[" + ",".join(items) + "]"
    if isinstance(value, type | types.BuiltinFunctionType):
        return f"{value.__module__}.{value.__qualname__}"
    if isinstance(value, types.FunctionType):
        if "<locals>" in value.__qualname__ or value.__closure__:
            raise Uncacheable(f"a setting holds the local function {value.__qualname__}")
        # By its code too: a function of the settings file may change under the same name.
        code = hash_parts(marshal.dumps(value.__code__)).hex()
        defaults = _plain_setting(value.__defaults__ or (), depth + 1)
        return f"{value.__module__}.{value.__qualname__}:{code}:{defaults}"
    raise Uncacheable(f"a setting holds a {type(value).__qualname__}")


def settings_digest(settings: Mapping) -> bytes:
    """Every setting, written down whole; Uncacheable when one cannot be (see
    `_plain_setting`)."""
    keys = sorted(k for k in settings if k.isupper() and k not in AFTER_PAGES_SETTINGS)
    parts = []
    for k in keys:
        try:
            parts.append(f"{k}={_plain_setting(settings[k])}".encode())
        except Uncacheable as exc:
            raise Uncacheable(f"{k}: {exc}") from exc
    return hash_parts(*parts)


def site_key(settings: Mapping, theme: str, code_roots: Iterable[Path], registry: Path) -> bytes:
    """Everything every page depends on, whatever its content; Uncacheable when a setting
    cannot be digested."""
    return hash_parts(
        PELICAN_VERSION.encode(),
        jinja2.__version__.encode(),
        sys.version.encode(),
        platform.python_implementation().encode(),
        settings_digest(settings),
        tree_digest([Path(theme)]),
        tree_digest(code_roots),
        tree_digest([registry]),
    )


def template_variables(
    env: jinja2.Environment, name: str, parsed: dict[str, tuple] | None = None
) -> frozenset[str] | None:
    """The variables `name` and the templates it extends, imports and includes read; None
    when it includes a template named by a variable (what it reads cannot be known).
    `parsed` keeps what each template read reads and references, for the next call: every
    page template extends base.html and imports _macros.html, parsed once that way."""
    parsed = {} if parsed is None else parsed
    found: set[str] = set()
    seen: set[str] = set()
    pending = [name]
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        if current not in parsed:
            ast = env.parse(env.loader.get_source(env, current)[0])
            parsed[current] = (
                meta.find_undeclared_variables(ast),
                list(meta.find_referenced_templates(ast)),
            )
        variables, referenced = parsed[current]
        found |= variables
        if None in referenced:
            return None
        pending += referenced
    return frozenset(found)


class Digester:
    """Digests of template values for one site build.

    Stories and pages keep their digests on themselves; other values (lists, profiles, pages
    of a listing) are digested once per build, by identity.
    """

    def __init__(self) -> None:
        self._shared: dict[int, tuple[object, bytes]] = {}
        self._url_map_digest: bytes | None = None
        self._generated: Mapping | None = None

    def use_context(self, context: Mapping) -> None:
        """Where the URLs of all content are (Pelican's `generated_content`), for the stories
        whose text links to other content."""
        if self._generated is None:
            self._generated = context.get("generated_content") or {}

    def content(self, content: Content) -> bytes:
        """A story or page as listed elsewhere (title, summary, URL, tags): its source file and
        its translations'."""
        cached = content.__dict__.get("_rideau_digest")
        if cached is None:
            parts = [str(content.relative_source_path).encode(), self._listed(content)]
            for translation in getattr(content, "translations", ()) or ():
                parts += [str(translation.relative_source_path).encode()]
                parts += [self._listed(translation)]
            if _links_others(content.metadata.get("summary")):
                parts.append(self._url_digest())
            cached = hash_parts(*parts)
            content.__dict__["_rideau_digest"] = cached
        return cached

    def with_text(self, content: Content) -> bytes:
        """A story with its text (a feed entry): its whole file; and the URLs of all content
        when its text links to some."""
        parts = [self.content(content), self._source(content)]
        if _links_others(content._content):
            parts.append(self._url_digest())
        return hash_parts(*parts)

    def page_subject(self, content: Content) -> bytes:
        """A story or page on its own page: itself with its text, and the stories it links to
        in its developments and related stories."""
        parts = [self.with_text(content)]
        for name in LINKED_ATTRIBUTES:
            parts.append(self.value(getattr(content, name, None)))
        return hash_parts(*parts)

    @classmethod
    def _listed(cls, content: Content) -> bytes:
        """What a listing shows of a content (title, summary, dates, tags, URL): the digest of
        its front matter when the summary is written there, else of its whole file (Pelican
        then makes the summary from the text)."""
        stamp = content.metadata.get(FRONT_DIGEST)
        if stamp and content.metadata.get("summary"):
            return stamp.encode()
        return cls._source(content)

    @staticmethod
    def _source(content: Content) -> bytes:
        """The digest of a content's file: the reader's (the stories plugin gives it), or a
        digest of the file's bytes."""
        stamp = content.metadata.get(SOURCE_DIGEST)
        return stamp.encode() if stamp else hash_parts(_read(content.source_path))

    def value(self, value, depth: int = 0) -> bytes:
        if depth > 12:
            raise Uncacheable("nested too deep")
        if isinstance(value, str | int | float | bool | type(None)):
            return f"{type(value).__name__}:{value!s}".encode()
        if isinstance(value, dt.date | dt.datetime):
            return f"date:{value.isoformat()}".encode()
        if isinstance(value, Content):
            return self.content(value)
        hit = self._shared.get(id(value))
        if hit is not None and hit[0] is value:
            return hit[1]
        digest = self._compound(value, depth + 1)
        # Every page of a listing passes the same lists and profiles: digest each once. All
        # values are final once pages are written, and the entry keeps its object alive, so
        # its id is not reused within the build.
        self._shared[id(value)] = (value, digest)
        return digest

    def _compound(self, value, depth: int) -> bytes:
        kind = type(value).__qualname__.encode()
        if isinstance(value, list | tuple):
            # Mostly lists of stories (listings, a story's developments and related stories,
            # thousands per build): a story's digest, once made, is taken from it directly.
            parts = [kind]
            for v in value:
                cached = v.__dict__.get("_rideau_digest") if isinstance(v, Content) else None
                parts.append(cached if cached is not None else self.value(v, depth))
            return hash_parts(*parts)
        if isinstance(value, set | frozenset):
            return hash_parts(kind, *sorted(self.value(v, depth) for v in value))
        if isinstance(value, Mapping):
            items = sorted((str(k).encode(), self.value(v, depth)) for k, v in value.items())
            return hash_parts(kind, *(part for item in items for part in item))
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            fields = [(f.name, getattr(value, f.name)) for f in dataclasses.fields(value)]
            return hash_parts(kind, *(self.value(v, depth) for _, v in fields))
        if isinstance(value, Page):
            return hash_parts(
                kind,
                self.value(value.number, depth),
                self.value(value.object_list, depth),
                self.value(value.paginator, depth),
                str(value.url).encode(),
                str(value.save_as).encode(),
            )
        if isinstance(value, Paginator):
            return hash_parts(
                kind,
                self.value(value.object_list, depth),
                str(value.per_page).encode(),
                str(value.name).encode(),
                str(value.url).encode(),
            )
        if isinstance(value, URLWrapper):
            return hash_parts(kind, str(value.name).encode(), str(value.slug).encode())
        if isinstance(value, SimpleNamespace):
            return self.value(vars(value), depth)
        if isinstance(value, jinja2.Undefined):
            return b"undefined"
        if callable(value):
            name = f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', '')}"
            if "<lambda>" in name or "<locals>" in name:
                raise Uncacheable(f"function {name}")
            return name.encode()
        raise Uncacheable(type(value).__qualname__)

    def _url_digest(self) -> bytes:
        if self._url_map_digest is None:
            if self._generated is None:
                raise Uncacheable("links to other content, and their URLs are not known")
            items = sorted(
                (str(path), str(getattr(content, "url", "")))
                for path, content in self._generated.items()
            )
            self._url_map_digest = hash_parts(*(f"{k}={v}".encode() for k, v in items))
        return self._url_map_digest


def _links_others(html: str | None) -> bool:
    """Whether HTML still holds links to other content, which Pelican resolves on output."""
    return bool(html) and any(marker in html for marker in INTERSITE_MARKERS)


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError:
        return b""
