"""Translations a language site only links to, as light objects instead of Pelican articles.

Each language site reads every story file of both languages. A story's version in the other
language, when the site has its version in its own language, is shown by the other site: here
it only gives its language, URL, slug, dates, terms and digests to the links, `hreflang`
alternates, sitemap and OPML of its story (reader.py's SHOWN_ELSEWHERE). Making a full Pelican
`Article` of each (its attributes, time zone, locale date, output path check, then its URL
and output path formatted), and having Pelican's `process_translations` sort and scan them
with the others (its `x not in index` test is quadratic): making and grouping the site's
10,000 articles took about a tenth of a language site's time at 5,000 stories (py-spy;
docs/performance.md), more than half of it for these objects, of which a few attributes are
read.

So the reader hands Pelican a skipped file for each of them (Pelican's `skip` status) and
keeps a `Translation` instead, with the attributes Pelican's article would have (its metadata
as attributes, its URL and output path from the same settings); once Pelican has grouped the
site's stories (`article_generator_pretaxonomy`), each is linked to the versions of its story
and put in the generator's translations, as `process_translations` would have, in the same
order. Only where the result is known to be Pelican's: stories (not pages) whose sibling in the
site's language the reading stage read, with the same slug and status; URL settings that name
only the slug, language and date; no path metadata that the file's own could not override; and
future dates left as they are (WITH_FUTURE_DATES). Anything else is read as before.
"""

from __future__ import annotations

import logging
import os
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from string import Formatter

from pelican.utils import posixize_path, sanitised_join

logger = logging.getLogger(__name__)

# The fields of Pelican's URL formats (`Content.url_format`) a Translation fills in as
# Pelican's article does. A format naming another one is left to Pelican.
URL_FIELDS = frozenset({"slug", "lang", "date"})


class Translation:
    """A story's version in another language, as this site uses it (see the module)."""

    # Never the site's language (Pelican's `in_default_lang`).
    in_default_lang = False

    def __init__(self, metadata: dict, source_path: str, relative_path: str) -> None:
        # As Pelican's Content: each metadata key an attribute, `url` and `save_as` as
        # overrides (none in a story's metadata, which the story checks give).
        for key, value in metadata.items():
            if key in ("save_as", "url"):
                key = f"override_{key}"
            setattr(self, key.lower(), value)
        self.metadata = metadata
        self.source_path = source_path
        self.relative_source_path = relative_path
        self.translations: list = []
        self.url = ""
        self.save_as = ""

    def get_relative_source_path(self) -> str:
        return self.relative_source_path

    def __str__(self) -> str:
        return self.source_path


@dataclass(frozen=True)
class TranslationMaker:
    """Makes the Translations of one site's reader (see the module), and the URLs and output
    paths of its stories, as Pelican's articles would format them."""

    # (status, in the site's language) → (URL, output path) formats
    formats: Mapping[tuple[str, bool], tuple[str, str]]
    path_fields: frozenset[str]  # what FILENAME_METADATA takes from a file's name
    content: str  # PATH, absolute
    output: str  # OUTPUT_PATH

    @classmethod
    def for_settings(cls, settings: Mapping) -> TranslationMaker | None:
        """The maker of a site with Pelican's `settings`, when it gives the URL and output
        path of Pelican's article (None otherwise: Pelican's articles everywhere)."""
        if not settings.get("WITH_FUTURE_DATES", True):
            return None  # Pelican would make future stories drafts as it makes their objects
        if settings.get("EXTRA_PATH_METADATA") or settings.get("PATH_METADATA"):
            return None
        formats = {}
        for status, kind in (("published", "ARTICLE"), ("hidden", "ARTICLE"), ("draft", "DRAFT")):
            for own, prefix in ((True, kind), (False, f"{kind}_LANG")):
                pair = (str(settings[f"{prefix}_URL"]), str(settings[f"{prefix}_SAVE_AS"]))
                if all(_fields(text) <= URL_FIELDS for text in pair):
                    formats[status, own] = pair
        names = re.compile(settings.get("FILENAME_METADATA") or "").groupindex
        content = os.path.abspath(settings["PATH"])
        return cls(formats, frozenset(names), content, settings["OUTPUT_PATH"])

    def urls(self, metadata: dict, own: bool) -> tuple[str, str] | None:
        """The URL and output path of the story of `metadata` (in the site's language or
        not), or None where Pelican's could differ."""
        if not self.path_fields <= metadata.keys():
            return None  # its file name would give it metadata that its file does not
        formats = self.formats.get((metadata.get("status") or "published", own))
        if formats is None or not all(metadata.get(k) for k in URL_FIELDS):
            return None
        values = {"slug": metadata["slug"], "lang": metadata["lang"], "date": metadata["date"]}
        return formats[0].format(**values), formats[1].format(**values)

    def make(self, metadata: dict, source_path: str) -> Translation | None:
        """The Translation of the story at `source_path` (absolute, as Pelican reads it), or
        None where Pelican's article could differ (see the module) or would be refused."""
        urls = self.urls(metadata, own=False)
        if urls is None:
            return None
        try:
            sanitised_join(self.output, urls[1])
        except RuntimeError:
            return None  # Pelican refuses it, and says so
        # Pelican's get_relative_source_path, without os.path.relpath's cost.
        if source_path.startswith(self.content + os.sep):
            relative = posixize_path(source_path[len(self.content) + 1 :])
        else:
            relative = posixize_path(os.path.relpath(source_path, self.content))
        translation = Translation(metadata, source_path, relative)
        translation.status = metadata.get("status") or "published"
        translation.url, translation.save_as = urls
        return translation


def _fields(text: str) -> set[str]:
    """The names a format string formats (`{date:%Y}/{slug}/` → date, slug)."""
    parsed = Formatter().parse(text)
    return {re.split(r"[.\[]", name)[0] for _, name, _, _ in parsed if name is not None}


# Pelican's article generator: its lists of stories and of their translations, per status.
LISTS = {
    "published": ("articles", "translations"),
    "hidden": ("hidden_articles", "hidden_translations"),
    "draft": ("drafts", "drafts_translations"),
}


def link_translations(generator, translations: list[Translation]) -> None:
    """Link each of `translations` (in reading order) to the versions of its story in the
    generator's list of its status, and add it to the generator's translations, as Pelican's
    `process_translations` would have (each version's translations in reading order, the
    translations sorted by slug, then in reading order)."""
    by_status: dict[str, list[Translation]] = defaultdict(list)
    for translation in translations:
        by_status[translation.status].append(translation)
    generated = generator.context.get("generated_content")
    for status, linked in by_status.items():
        stories, others = (getattr(generator, name) for name in LISTS[status])
        versions: dict[str, list] = defaultdict(list)
        for content in (*stories, *others):
            versions[content.slug].append(content)
        kept = []
        for translation in linked:
            if not versions.get(translation.slug):
                # The reader makes a Translation only where the site's version was read.
                logger.warning("%s: no version of its story on this site", translation)
                continue
            versions[translation.slug].append(translation)
            kept.append(translation)
            if generated is not None:  # where Pelican finds `{filename}` links' targets
                generated[translation.relative_source_path] = translation
        for slug in {t.slug for t in kept}:
            group = sorted(versions[slug], key=lambda c: c.relative_source_path)
            for content in group:
                content.translations = [other for other in group if other is not content]
        others[:] = sorted([*others, *kept], key=lambda c: (c.slug, c.relative_source_path))
